using System.Collections.Immutable;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Training;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Dagmm.Grid.Scheduling;
using Dagmm.Grid.Sweeps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Dagmm.Grid.Grains;

/// <summary>
/// Coordinates one sweep (grain key: the sweep name). Its state lives in memory and is rebuilt from
/// the results folder whenever it activates: sweep.json gives the runs, the run files give the
/// finished ones. While the sweep runs, a keep-alive timer takes back expired leases and leases of
/// dead silos. It calls only the registry and, one-way, the run grains, so none of its calls waits for training.
/// </summary>
internal sealed partial class SweepCoordinatorGrain : Grain, ISweepCoordinatorGrain
{
    private const int MaxRunsPerLease = 256;

    // The timer also takes back the runs of silos the cluster declared dead, so a short period
    // returns them within seconds of the declaration instead of up to one renew interval later.
    private static readonly TimeSpan s_maxTimerPeriod = TimeSpan.FromSeconds(2);

    private static readonly string s_succeeded = RunRecord.StatusName(RunStatus.Succeeded);

    private static readonly string s_failed = RunRecord.StatusName(RunStatus.Failed);

    private readonly GridOptions _options;
    private readonly ResultStore _store;
    private readonly IClusterMembershipService _membership;
    private readonly TimeProvider _time;
    private readonly ILogger<SweepCoordinatorGrain> _logger;
    private bool _loaded;
    private SweepDefinition? _definition;
    private Dictionary<string, SweepRun> _runs = new(StringComparer.Ordinal);
    private Dictionary<string, string> _batchKeys = new(StringComparer.Ordinal);
    private SweepLedger? _ledger;
    private SweepState _state = SweepState.NotFound;
    private DateTimeOffset _leasesHeldBackUntil;
    private IGrainTimer? _timer;

    public SweepCoordinatorGrain(
        IOptions<GridOptions> options,
        ResultStore store,
        IClusterMembershipService membership,
        TimeProvider time,
        ILogger<SweepCoordinatorGrain> logger)
    {
        _options = options.Value;
        _store = store;
        _membership = membership;
        _time = time;
        _logger = logger;
    }

    private string Name => this.GetPrimaryKeyString();

    public async Task<SweepStatus> StartAsync(SweepSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Name != Name)
        {
            throw new ArgumentException($"Sweep \"{submission.Name}\" was sent to the coordinator of \"{Name}\"; send it to the coordinator keyed by its own name.", nameof(submission));
        }

        if (_state is SweepState.Running or SweepState.Cancelling && _definition is not null)
        {
            if (_definition.SourceJson != submission.SourceJson)
            {
                throw new InvalidOperationException(
                    $"Sweep \"{Name}\" is already running with a different sweep file; wait for it to finish, cancel it, or use another sweep name.");
            }

            return CreateStatus();
        }

        // NOTE: a sweep with a user's table reads and hashes the table here, on the grain's thread.
        var definition = SweepFile.Parse(submission.SourceJson, submission.FileName, _options.DataDirectory);
        if (definition.Name != Name)
        {
            throw new ArgumentException($"{submission.FileName}: $.name: the file names sweep \"{definition.Name}\" but was submitted as \"{Name}\"; submit it under its own name.", nameof(submission));
        }

        _loaded = true;
        await _store.WriteSweepAsync(definition);
        _store.ClearCancelled(Name);
        await LoadAsync(definition, resumed: false);
        return CreateStatus();
    }

    public async Task<ImmutableArray<RunTicket>> LeaseAsync(string silo, int freeSlots, int runsPerSlot)
    {
        await EnsureLoadedAsync();
        if (_ledger is null || _state != SweepState.Running || _time.GetUtcNow() < _leasesHeldBackUntil)
        {
            return [];
        }

        var exhausted = _ledger.FailExhaustedPending();
        foreach (var entry in exhausted)
        {
            await RecordLostRunAsync(entry);
        }

        var now = _time.GetUtcNow();
        var slots = Math.Clamp(freeSlots, 0, MaxRunsPerLease);
        var batchSize = Math.Clamp(runsPerSlot, 1, Math.Max(1, MaxRunsPerLease / Math.Max(1, slots)));
        var tickets = _ledger.Lease(Name, silo, slots, batchSize, BatchKeyOf, now, _options.LeaseDuration);
        foreach (var ticket in tickets)
        {
            LogRunLeased(ticket.RunKey, ticket.Attempt, silo);
            await GrainFactory.GetRunGrain(ticket.RunKey).AssignAsync(new RunAssignment { LeaseId = ticket.LeaseId, Attempt = ticket.Attempt, Silo = silo });
        }

        if (tickets.Length > 0)
        {
            await SaveAttemptsAsync();
        }

        if (exhausted.Count > 0)
        {
            await SettleIfDoneAsync();
        }

        return tickets;
    }

    public async Task<ImmutableArray<Guid>> RenewAsync(string silo, ImmutableArray<RunLease> leases)
    {
        await EnsureLoadedAsync();
        if (_ledger is null)
        {
            return leases.Select(lease => lease.LeaseId).ToImmutableArray();
        }

        var now = _time.GetUtcNow();
        var revoked = ImmutableArray.CreateBuilder<Guid>();
        foreach (var lease in leases)
        {
            switch (_ledger.Renew(lease, silo, now, _options.LeaseDuration))
            {
                case LedgerChange.Adopted:
                    LogLeaseAdopted(lease.RunKey, lease.Attempt, silo);
                    await GrainFactory.GetRunGrain(lease.RunKey).AssignAsync(new RunAssignment { LeaseId = lease.LeaseId, Attempt = lease.Attempt, Silo = silo });
                    break;
                case LedgerChange.Revoked:
                    revoked.Add(lease.LeaseId);
                    break;
            }
        }

        return revoked.ToImmutable();
    }

    public async Task CompleteAsync(RunCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        await EnsureLoadedAsync();
        if (_ledger is null)
        {
            LogCompletionIgnored(completion.RunKey, completion.Attempt, completion.Silo, completion.Outcome);
            return;
        }

        var change = _ledger.Complete(completion, out var entry);
        switch (change)
        {
            case LedgerChange.Recorded:
                LogRunRecorded(completion.RunKey, completion.Attempt, completion.Silo, entry!.Phase);
                await GrainFactory.GetRunGrain(completion.RunKey).MarkFinishedAsync(entry.Phase, entry.Attempt);
                break;
            case LedgerChange.Duplicate:
                LogDuplicateCompletion(completion.RunKey, completion.Attempt, completion.Silo, completion.Outcome);
                break;
            case LedgerChange.Retried:
                LogRunRetried(completion.RunKey, entry!.Attempt, _ledger.MaxAttempts, completion.Error ?? completion.Outcome.ToString());
                break;
            case LedgerChange.Exhausted:
                await RecordLostRunAsync(entry!);
                break;
            default:
                LogCompletionIgnored(completion.RunKey, completion.Attempt, completion.Silo, completion.Outcome);
                break;
        }

        await SettleIfDoneAsync();
    }

    public async Task<SweepStatus> GetStatusAsync()
    {
        await EnsureLoadedAsync();
        return CreateStatus();
    }

    public async Task<ImmutableArray<RunView>> GetRunsAsync()
    {
        await EnsureLoadedAsync();
        return _ledger is null ? [] : _ledger.Entries.Select(entry => entry.ToView()).ToImmutableArray();
    }

    public async Task<SweepRunRecords> GetRunRecordsAsync()
    {
        await EnsureLoadedAsync();
        if (!SweepNames.IsValid(Name))
        {
            return new SweepRunRecords { SweepFolder = "", RunsJson = RunRecordJson.Serialize([]) };
        }

        var runs = await _store.ReadRunsAsync(Name);
        return new SweepRunRecords { SweepFolder = _store.SweepFolder(Name), RunsJson = RunRecordJson.Serialize(runs) };
    }

    public async Task<RescoredRunRecords> RescoreAsync(string protocol, double? anomalyRatio)
    {
        if (!ThresholdProtocols.TryParse(protocol, out var parsed))
        {
            throw new ArgumentException($"unknown threshold protocol \"{protocol}\"; expected {ThresholdProtocols.AcceptedNames}", nameof(protocol));
        }

        var request = new RescoreRequest(parsed, anomalyRatio);
        request.Validate();

        if (!SweepNames.IsValid(Name))
        {
            return new RescoredRunRecords { SweepFolder = "", RunsJson = RunRecordJson.Serialize([]) };
        }

        // Parquet reading and the metrics run on the thread pool, away from the grain's scheduler.
        var rescored = await Task.Run(() => _store.RescoreAndSaveAsync(Name, request));
        return new RescoredRunRecords
        {
            SweepFolder = _store.SweepFolder(Name),
            RunsJson = RunRecordJson.Serialize(rescored.Runs),
            Skipped = [.. rescored.Skipped],
            SummaryNotWritten = rescored.SummaryNotWritten,
            SummaryWriteError = rescored.SummaryWriteError,
        };
    }

    public async Task<SweepStatus> CancelAsync()
    {
        await EnsureLoadedAsync();
        if (_ledger is null || _state != SweepState.Running)
        {
            return CreateStatus();
        }

        try
        {
            await _store.MarkCancelledAsync(Name);
        }
        catch (IOException error)
        {
            LogCancelNotWritten(error, Name);
        }

        var running = _ledger.Cancel();
        _state = SweepState.Cancelling;
        LogSweepCancelled(Name, running.Count, _ledger.Count(RunPhase.Cancelled) - running.Count);
        foreach (var entry in running)
        {
            await GrainFactory.GetRunGrain(entry.RunKey).RequestStopAsync();
        }

        await UpdateRegistryAsync();
        await SettleIfDoneAsync();
        return CreateStatus();
    }

    /// <summary>Rebuilds the sweep from the results folder the first time any call other than start arrives.</summary>
    private async Task EnsureLoadedAsync()
    {
        if (_loaded)
        {
            return;
        }

        _loaded = true;
        if (!SweepNames.IsValid(Name))
        {
            return;
        }

        var sweepFilePath = Path.Combine(_store.SweepFolder(Name), ResultStore.SweepFileName);
        if (!File.Exists(sweepFilePath))
        {
            return;
        }

        SweepDefinition definition;
        try
        {
            definition = SweepFile.Load(sweepFilePath, _options.DataDirectory);
        }
        catch (Exception error) when (error is SweepFileException or IOException or UnauthorizedAccessException)
        {
            LogSweepFileUnreadable(error, Name, sweepFilePath);
            return;
        }

        await LoadAsync(definition, resumed: true);
    }

    // Runs with equal keys may train together in one slot.
    private string BatchKeyOf(string runKey) => _batchKeys[runKey];

    private async Task LoadAsync(SweepDefinition definition, bool resumed)
    {
        _definition = definition;
        _runs = definition.Runs.ToDictionary(run => run.RunKey, StringComparer.Ordinal);
        _batchKeys = definition.Runs.ToDictionary(run => run.RunKey, run => TrainingBatches.KeyOf(run.Settings), StringComparer.Ordinal);
        _ledger = new SweepLedger(definition.Runs.Select(run => (run.RunKey, RunSettingsJson.Serialize(run.Settings))), definition.MaxAttempts);
        foreach (var record in await _store.ReadRunsAsync(Name))
        {
            // A cancelled run has no result, so it runs again.
            if (record.Status == s_succeeded || record.Status == s_failed)
            {
                _ledger.MarkReused(record.RunKey, record.Status == s_succeeded, record.Error);
            }
        }

        // A reactivated coordinator continues the dispatch counts of the one before it, while a new
        // submission starts them from 0.
        if (resumed)
        {
            _ledger.RestoreAttempts(await _store.ReadAttemptsAsync(Name));
        }
        else
        {
            _store.ClearAttempts(Name);
        }

        _state = SweepState.Running;
        _leasesHeldBackUntil = _time.GetUtcNow();
        if (resumed)
        {
            // A cancel outlives the coordinator in the registry and, for a restart of every silo,
            // in the cancel marker of the results folder.
            var registered = await TryGetRegisteredStateAsync();
            if (registered is SweepState.Cancelling or SweepState.Cancelled || _store.IsCancelled(Name))
            {
                _ledger.Cancel();
                _state = SweepState.Cancelled;
            }
            else
            {
                // Silos may still train runs leased by the previous activation. They reclaim those runs
                // by renewing, so new leases wait until every live silo has had time to renew.
                _leasesHeldBackUntil += _options.RecoveryGrace;
            }

            LogSweepResumed(Name, _ledger.Entries.Count, _ledger.ReusedCount, _state);
        }
        else
        {
            LogSweepStarted(Name, _ledger.Entries.Count, _ledger.ReusedCount, _ledger.MaxAttempts);
        }

        if (_state == SweepState.Running)
        {
            StartTimer();
            await UpdateRegistryAsync();
        }

        await SettleIfDoneAsync();
    }

    private void StartTimer()
    {
        _timer?.Dispose();
        var period = _options.RenewInterval < s_maxTimerPeriod ? _options.RenewInterval : s_maxTimerPeriod;
        _timer = this.RegisterGrainTimer(OnTimerAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
    }

    private async Task OnTimerAsync(CancellationToken cancellationToken)
    {
        if (_ledger is null || _state is not (SweepState.Running or SweepState.Cancelling))
        {
            StopTimer();
            return;
        }

        foreach (var (entry, change) in _ledger.Expire(_time.GetUtcNow(), IsSiloDead))
        {
            LogLeaseExpired(entry.RunKey, entry.Attempt, entry.Silo);
            switch (change)
            {
                case LedgerChange.Retried:
                    LogRunRetried(entry.RunKey, entry.Attempt, _ledger.MaxAttempts, "lease expired");
                    break;
                case LedgerChange.Exhausted:
                    await RecordLostRunAsync(entry);
                    break;
            }
        }

        // Re-registering every tick restores a registry that lost its memory with its silo.
        if (_state == SweepState.Running)
        {
            await UpdateRegistryAsync();
        }

        await SettleIfDoneAsync();
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Completes or finishes cancelling the sweep once no run is pending or running.</summary>
    private async Task SettleIfDoneAsync()
    {
        if (_ledger is null || !_ledger.IsSettled || _state is not (SweepState.Running or SweepState.Cancelling))
        {
            return;
        }

        // Drops the runs that finished since the last lease from attempts.json.
        await SaveAttemptsAsync();
        if (_state == SweepState.Running)
        {
            try
            {
                await _store.WriteSummaryAsync(Name);
            }
            catch (Exception error)
            {
                LogSummaryNotWritten(error, Name);
            }

            _state = SweepState.Completed;
            LogSweepCompleted(Name, _ledger.Count(RunPhase.Succeeded), _ledger.Count(RunPhase.Failed), _ledger.ReusedCount);
        }
        else
        {
            _state = SweepState.Cancelled;
            LogSweepCancelledFully(Name, _ledger.Count(RunPhase.Succeeded) + _ledger.Count(RunPhase.Failed), _ledger.Count(RunPhase.Cancelled));
        }

        StopTimer();
        await UpdateRegistryAsync();
    }

    /// <summary>
    /// Writes attempts.json with the dispatch counts of the unfinished runs. A write error is only
    /// logged, because the counts only tighten the maxAttempts limit.
    /// </summary>
    private async Task SaveAttemptsAsync()
    {
        try
        {
            await _store.WriteAttemptsAsync(Name, _ledger!.UnfinishedAttempts());
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            LogAttemptsNotWritten(error, Name);
        }
    }

    private async Task RecordLostRunAsync(LedgerEntry entry)
    {
        LogRunLost(entry.RunKey, entry.Attempt, entry.Error);
        await GrainFactory.GetRunGrain(entry.RunKey).MarkFinishedAsync(RunPhase.Failed, entry.Attempt);
        if (!_runs.TryGetValue(entry.RunKey, out var run))
        {
            return;
        }

        var now = _time.GetUtcNow();
        var result = new RunResult { Settings = run.Settings, Status = RunStatus.Failed, Error = entry.Error };
        try
        {
            var record = RunRecord.Create(Name, run, result, entry.Silo ?? "", entry.Attempt, entry.LeasedAt ?? now, now);
            await _store.WriteRunAsync(Name, record, null);
        }
        catch (Exception error)
        {
            LogLostRunNotWritten(error, entry.RunKey);
        }
    }

    private async Task UpdateRegistryAsync()
    {
        try
        {
            await GrainFactory.GetSweepRegistry().SetStateAsync(Name, _state);
        }
        catch (Exception error)
        {
            LogRegistryNotUpdated(error, Name, _state);
        }
    }

    private async Task<SweepState?> TryGetRegisteredStateAsync()
    {
        try
        {
            return await GrainFactory.GetSweepRegistry().GetStateAsync(Name);
        }
        catch (Exception error)
        {
            LogRegistryNotUpdated(error, Name, _state);
            return null;
        }
    }

    private bool IsSiloDead(string silo)
    {
        SiloAddress address;
        try
        {
            address = SiloAddress.FromParsableString(silo);
        }
        catch (FormatException)
        {
            // Not an Orleans silo address: only its lease expiry can take the run back.
            return false;
        }

        return _membership.CurrentSnapshot.GetSiloStatus(address) == SiloStatus.Dead;
    }

    private SweepStatus CreateStatus()
    {
        if (_ledger is null)
        {
            return new SweepStatus
            {
                Name = Name,
                State = SweepState.NotFound,
                Total = 0,
                Pending = 0,
                Running = 0,
                Succeeded = 0,
                Failed = 0,
                Cancelled = 0,
                Reused = 0,
                InFlight = [],
            };
        }

        return new SweepStatus
        {
            Name = Name,
            State = _state,
            Total = _ledger.Entries.Count,
            Pending = _ledger.Count(RunPhase.Pending),
            Running = _ledger.Count(RunPhase.Running),
            Succeeded = _ledger.Count(RunPhase.Succeeded),
            Failed = _ledger.Count(RunPhase.Failed),
            Cancelled = _ledger.Count(RunPhase.Cancelled),
            Reused = _ledger.ReusedCount,
            InFlight = _ledger.Entries.Where(entry => entry.Phase == RunPhase.Running).Select(entry => entry.ToView()).ToImmutableArray(),
        };
    }
}
