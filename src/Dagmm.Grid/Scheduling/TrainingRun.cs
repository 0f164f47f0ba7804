using Dagmm.Core.Training;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// One leased run in a training slot. The training thread writes progress and the result; the
/// silo's async code reads them, so every shared field is published with Volatile or Interlocked.
/// </summary>
internal sealed class TrainingRun : IProgress<TrainingProgress>, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource<RunResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private object? _latestProgress;
    private int _stopReason;
    private int _progressFailureLogged;

    public TrainingRun(RunTicket ticket, SweepRun run, DateTimeOffset startedAt)
    {
        Ticket = ticket;
        Run = run;
        StartedAt = startedAt;
    }

    public RunTicket Ticket { get; }

    public SweepRun Run { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The result, set when the training thread ends; never faults.</summary>
    public Task<RunResult> Completion => _completion.Task;

    public StopReason StopReason => (StopReason)Volatile.Read(ref _stopReason);

    /// <summary>The last progress the training thread reported, or null before the first epoch ends.</summary>
    public TrainingProgress? LatestProgress => (TrainingProgress?)Volatile.Read(ref _latestProgress);

    public CancellationToken CancellationToken => _cancellation.Token;

    void IProgress<TrainingProgress>.Report(TrainingProgress value) => Volatile.Write(ref _latestProgress, value);

    /// <summary>Asks the training thread to stop at its next training step. Returns false when a stop was already requested.</summary>
    public bool Stop(StopReason reason)
    {
        if (Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)StopReason.None) != (int)StopReason.None)
        {
            return false;
        }

        _cancellation.Cancel();
        return true;
    }

    /// <summary>Returns true the first time it is called, so a repeated progress failure is logged once per run.</summary>
    public bool FirstProgressFailure() => Interlocked.Exchange(ref _progressFailureLogged, 1) == 0;

    /// <summary>
    /// Runs <paramref name="train"/> on the calling thread and publishes its result. An exception
    /// becomes a failed (or, after a stop request, cancelled) result, so a failing run does not crash the silo.
    /// </summary>
    public void Execute(Func<TrainingRun, RunResult> train)
    {
        RunResult result;
        try
        {
            result = train(this);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            result = new RunResult { Settings = Run.Settings, Status = RunStatus.Cancelled, Error = "stopped before it finished" };
        }
        catch (Exception error)
        {
            result = new RunResult { Settings = Run.Settings, Status = RunStatus.Failed, Error = DescribeError(error) };
        }

        _completion.TrySetResult(result);
    }

    /// <summary>Releases the cancellation source once the run has left its slot.</summary>
    public void Dispose() => _cancellation.Dispose();

    // The data loaders and the settings check throw with messages written for users, so those keep
    // their message; anything else also names the exception type.
    private static string DescribeError(Exception error) => error switch
    {
        ArgumentException or IOException or FormatException => error.Message,
        _ when error.GetType().Namespace?.StartsWith("Dagmm", StringComparison.Ordinal) == true => error.Message,
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
