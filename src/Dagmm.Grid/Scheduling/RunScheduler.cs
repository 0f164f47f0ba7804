using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Dagmm.Core.Training;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// The silo's side of the grid. While the silo is active, it requests runs from the running sweeps
/// whenever a training slot is free and trains each leased run in a slot. It sends the run's progress
/// to its run grain, renews its leases, writes each finished run to the results folder and then
/// reports it to the coordinator. Nothing here runs inside a grain, so no grain waits on training.
/// </summary>
internal sealed partial class RunScheduler : ILifecycleParticipant<ISiloLifecycle>
{
    private const int CompletionReportAttempts = 3;

    private readonly IGrainFactory _grains;
    private readonly TrainingSlots _slots;
    private readonly ResultStore _store;
    private readonly IRunTrainer _trainer;
    private readonly GridOptions _options;
    private readonly ILocalSiloDetails _siloDetails;
    private readonly TimeProvider _time;
    private readonly ILogger<RunScheduler> _logger;
    private readonly ConcurrentDictionary<Guid, Task> _tracking = new();
    private CancellationTokenSource? _stopping;
    private Task _loops = Task.CompletedTask;
    private int _sweepCursor;
    private int _leaseFailures;

    public RunScheduler(
        IGrainFactory grains,
        TrainingSlots slots,
        ResultStore store,
        IRunTrainer trainer,
        IOptions<GridOptions> options,
        ILocalSiloDetails siloDetails,
        TimeProvider time,
        ILogger<RunScheduler> logger)
    {
        _grains = grains;
        _slots = slots;
        _store = store;
        _trainer = trainer;
        _options = options.Value;
        _siloDetails = siloDetails;
        _time = time;
        _logger = logger;
    }

    /// <summary>The silo address in the parsable form that run records and leases carry.</summary>
    private string Silo => _siloDetails.SiloAddress.ToParsableString();

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(RunScheduler), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        var stoppingToken = _stopping.Token;
        _loops = Task.WhenAll(
            Task.Run(() => LeaseLoopAsync(stoppingToken), CancellationToken.None),
            Task.Run(() => RenewLoopAsync(stoppingToken), CancellationToken.None));
        LogSchedulerStarted(Silo, _slots.Capacity, _options.RunsPerSlot, NativeAllocator.Name);
        return Task.CompletedTask;
    }

    // Runs before the silo leaves the cluster, so the coordinators still receive the stopped runs
    // back and can lease them to another silo.
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var run in _slots.Runs)
        {
            run.Stop(StopReason.Shutdown);
        }

        try
        {
            await _loops.WaitAsync(cancellationToken);
            await Task.WhenAll(_tracking.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogShutdownCutShort(Silo, _slots.Capacity - _slots.Free);
        }
    }

    private async Task LeaseLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = 0;
            if (_slots.Free > 0)
            {
                try
                {
                    started = await LeaseOnceAsync(cancellationToken);
                    _leaseFailures = 0;
                }
                catch (Exception error)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }

                    // The first failure of a streak is a warning; the repeats every poll interval are not.
                    if (++_leaseFailures == 1)
                    {
                        LogLeaseRequestFailed(error, Silo);
                    }
                    else
                    {
                        LogLeaseRequestFailedAgain(Silo, _leaseFailures, error.Message);
                    }
                }
            }

            if (started == 0 || _slots.Free == 0)
            {
                try
                {
                    await _slots.WaitForReleaseAsync(_options.PollInterval, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Asks each running sweep in turn for runs that fill the free slots; returns the runs started.</summary>
    private async Task<int> LeaseOnceAsync(CancellationToken cancellationToken)
    {
        var sweeps = await _grains.GetSweepRegistry().GetRunningSweepsAsync();
        if (sweeps.IsEmpty)
        {
            return 0;
        }

        // Start with a different sweep each time, so concurrent sweeps share the slots.
        var offset = (int)((uint)Interlocked.Increment(ref _sweepCursor) % (uint)sweeps.Length);
        var started = 0;
        for (var i = 0; i < sweeps.Length && !cancellationToken.IsCancellationRequested; i++)
        {
            var free = _slots.Free;
            if (free <= 0)
            {
                break;
            }

            var sweepName = sweeps[(offset + i) % sweeps.Length];
            var requestedAt = _time.GetTimestamp();
            var tickets = await _grains.GetSweepCoordinator(sweepName).LeaseAsync(Silo, free, _options.RunsPerSlot);
            var roundTrip = _time.GetElapsedTime(requestedAt);
            var runs = new List<TrainingRun>();
            foreach (var ticket in tickets)
            {
                LogLeaseTaken(ticket.RunKey, ticket.Attempt, Silo, roundTrip.TotalMilliseconds);
                if (Prepare(ticket) is { } run)
                {
                    runs.Add(run);
                }
            }

            // The coordinator formed at most as many batches as there are free slots.
            foreach (var batch in runs.GroupBy(run => run.Ticket.Batch))
            {
                started += Start(batch.ToList());
            }
        }

        return started;
    }

    // Returns the run of a ticket, or null after handing back a ticket whose settings do not parse.
    private TrainingRun? Prepare(RunTicket ticket)
    {
        try
        {
            var settings = RunSettingsJson.Deserialize(ticket.SettingsJson);
            return new TrainingRun(ticket, new SweepRun(ticket.RunKey, settings), _time.GetUtcNow());
        }
        catch (JsonException error)
        {
            LogTicketUnreadable(error, ticket.RunKey, Silo);
            Track(ticket.LeaseId, ReportCompletionAsync(ticket, RunOutcome.Abandoned, $"settings unreadable on {Silo}: {error.Message}"));
            return null;
        }
    }

    private int Start(IReadOnlyList<TrainingRun> batch)
    {
        if (!_slots.TryStart(batch, Train))
        {
            // Only this loop starts runs and it leases at most the free slots, so this is a bug, and
            // the runs go back to the coordinator instead of overfilling the silo.
            foreach (var run in batch)
            {
                run.Dispose();
                Track(run.Ticket.LeaseId, ReportCompletionAsync(run.Ticket, RunOutcome.Abandoned, $"no free training slot on {Silo}"));
            }

            return 0;
        }

        foreach (var run in batch)
        {
            LogRunStarted(run.Ticket.RunKey, run.Ticket.Attempt, Silo, batch.Count);
            Track(run.Ticket.LeaseId, FollowAsync(run));
        }

        return batch.Count;
    }

    private IReadOnlyList<RunResult> Train(IReadOnlyList<TrainingRun> batch) =>
        _trainer.Train(
            batch.Select(run => run.Run.Settings).ToList(),
            _options.DataDirectory,
            batch,
            batch.Select(run => run.CancellationToken).ToList());

    private void Track(Guid leaseId, Task task)
    {
        _tracking[leaseId] = task;
        _ = task.ContinueWith(_ => _tracking.TryRemove(leaseId, out Task? _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>Reports progress while the run trains, then records its result and frees its slot.</summary>
    private async Task FollowAsync(TrainingRun run)
    {
        try
        {
            using var monitorStop = new CancellationTokenSource();
            var monitor = ReportProgressUntilStoppedAsync(run, monitorStop.Token);
            var result = await run.Completion;
            await monitorStop.CancelAsync();
            await monitor;
            await RecordAsync(run, result);
        }
        finally
        {
            _slots.Release(run);
        }
    }

    private async Task ReportProgressUntilStoppedAsync(TrainingRun run, CancellationToken cancellationToken)
    {
        var runGrain = _grains.GetRunGrain(run.Ticket.RunKey);
        using var timer = new PeriodicTimer(_options.ProgressInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var directive = await runGrain.ReportProgressAsync(CreateReport(run));
                    if (directive == RunDirective.Stop && run.Stop(StopReason.Requested))
                    {
                        LogRunStopRequested(run.Ticket.RunKey, run.Ticket.Attempt, Silo);
                    }
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    if (run.FirstProgressFailure())
                    {
                        LogProgressReportFailed(error, run.Ticket.RunKey, Silo);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run finished; nothing more to report.
        }
    }

    private RunProgressReport CreateReport(TrainingRun run)
    {
        var progress = run.LatestProgress;
        return new RunProgressReport
        {
            LeaseId = run.Ticket.LeaseId,
            Attempt = run.Ticket.Attempt,
            Silo = Silo,
            Epoch = progress?.Epoch ?? 0,
            TotalEpochs = progress?.TotalEpochs ?? run.Run.Settings.Epochs,
            MeanLoss = progress?.MeanLoss ?? double.NaN,
            StartedAt = run.StartedAt,
        };
    }

    /// <summary>Writes a trained run to the results folder, then reports the outcome to the coordinator.</summary>
    private async Task RecordAsync(TrainingRun run, RunResult result)
    {
        var ticket = run.Ticket;
        var finishedAt = _time.GetUtcNow();
        if (result.Status == RunStatus.Cancelled)
        {
            // A run stopped on request is over; one stopped by shutdown (or for no known reason)
            // goes back to the coordinator for another silo.
            var outcome = run.StopReason == StopReason.Requested ? RunOutcome.Cancelled : RunOutcome.Abandoned;
            if (run.StopReason == StopReason.NativeError)
            {
                LogRunHandedBack(ticket.RunKey, ticket.Attempt, Silo, result.Error);
            }
            else
            {
                LogRunStopped(ticket.RunKey, ticket.Attempt, Silo, run.StopReason);
            }

            await ReportCompletionAsync(ticket, outcome, result.Error);
            return;
        }

        try
        {
            var record = RunRecord.Create(ticket.SweepName, run.Run, result, Silo, ticket.Attempt, run.StartedAt, finishedAt);
            await _store.WriteRunAsync(ticket.SweepName, record, result.Scores);
        }
        catch (Exception error)
        {
            LogResultNotWritten(error, ticket.RunKey, Silo);
            await ReportCompletionAsync(ticket, RunOutcome.Abandoned, $"result not written on {Silo}: {error.Message}");
            return;
        }

        var seconds = (finishedAt - run.StartedAt).TotalSeconds;
        if (result.Status == RunStatus.Succeeded)
        {
            LogRunFinished(ticket.RunKey, ticket.Attempt, Silo, seconds);
            await ReportCompletionAsync(ticket, RunOutcome.Succeeded, null);
        }
        else
        {
            LogRunFailed(ticket.RunKey, ticket.Attempt, Silo, seconds, result.Error);
            await ReportCompletionAsync(ticket, RunOutcome.Failed, result.Error);
        }
    }

    /// <summary>
    /// Tells the coordinator how the attempt ended, retrying a few times. If every try fails, the
    /// lease expires and the coordinator finds a written result in the results folder.
    /// </summary>
    private async Task ReportCompletionAsync(RunTicket ticket, RunOutcome outcome, string? error)
    {
        var completion = new RunCompletion
        {
            RunKey = ticket.RunKey,
            LeaseId = ticket.LeaseId,
            Attempt = ticket.Attempt,
            Silo = Silo,
            Outcome = outcome,
            Error = error,
        };
        var coordinator = _grains.GetSweepCoordinator(ticket.SweepName);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await coordinator.CompleteAsync(completion);
                return;
            }
            catch (Exception reportError) when (attempt < CompletionReportAttempts)
            {
                LogCompletionReportRetried(ticket.RunKey, Silo, attempt, reportError.Message);
                await Task.Delay(TimeSpan.FromSeconds(attempt), _time);
            }
            catch (Exception reportError)
            {
                LogCompletionNotReported(reportError, ticket.RunKey, Silo, attempt);
                return;
            }
        }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.RenewInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var bySweep = _slots.Runs.GroupBy(run => run.Ticket.SweepName, StringComparer.Ordinal);
                await Task.WhenAll(bySweep.Select(group => RenewAsync(group.Key, group.ToList(), cancellationToken)));
            }
        }
        catch (OperationCanceledException)
        {
            // The silo is stopping.
        }
    }

    private async Task RenewAsync(string sweepName, IReadOnlyList<TrainingRun> runs, CancellationToken cancellationToken)
    {
        try
        {
            var leases = runs
                .Select(run => new RunLease { RunKey = run.Ticket.RunKey, LeaseId = run.Ticket.LeaseId, Attempt = run.Ticket.Attempt })
                .ToImmutableArray();
            var revoked = await _grains.GetSweepCoordinator(sweepName).RenewAsync(Silo, leases);
            foreach (var run in runs.Where(run => revoked.Contains(run.Ticket.LeaseId)))
            {
                if (run.Stop(StopReason.Requested))
                {
                    LogLeaseRevoked(run.Ticket.RunKey, run.Ticket.Attempt, Silo);
                }
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            LogLeaseRenewalFailed(error, sweepName, Silo, runs.Count);
        }
    }
}
