using System.Runtime.InteropServices;
using Dagmm.Core.Training;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// One leased run in a training slot, alone or in a batch that shares the slot. The training thread writes progress and the result; the
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
    /// Trains <paramref name="batch"/> with <paramref name="train"/> on the calling thread and
    /// publishes each run's result. An exception becomes a failed result of every run of the batch,
    /// so a failing batch does not crash the silo. A run asked to stop gets a cancelled result
    /// instead, and a libtorch error hands the runs back to the coordinator to be trained again.
    /// </summary>
    public static void ExecuteBatch(IReadOnlyList<TrainingRun> batch, Func<IReadOnlyList<TrainingRun>, IReadOnlyList<RunResult>> train)
    {
        IReadOnlyList<RunResult> results;
        try
        {
            results = train(batch);
            if (results.Count != batch.Count)
            {
                throw new InvalidOperationException($"the trainer returned {results.Count} results for {batch.Count} runs");
            }
        }
        catch (ExternalException error)
        {
            // NOTE: a kddcup99 sweep once saw libtorch reject a Scalar with invalid contents ("Expected
            // false to be true" from Scalar::toFloat). TorchSharp 0.107's Scalar has a finalizer that
            // frees its native value. Its tensor methods pass a Scalar's handle to native code without
            // keeping the Scalar alive, and implicit conversions from double (in Adam's step too) create
            // Scalars that nothing else references. A collection triggered by another thread can then
            // free one mid-call: the benchmark's scalar-race mode reproduces this error that way. Such an
            // error does not depend on the run, so the runs are handed back to be trained again.
            foreach (var run in batch)
            {
                run.Stop(StopReason.NativeError);
            }

            results = batch.Select(run => run.ResultOf(error)).ToList();
        }
        catch (Exception error)
        {
            results = batch.Select(run => run.ResultOf(error)).ToList();
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i]._completion.TrySetResult(results[i]);
        }
    }

    /// <summary>Releases the cancellation source once the run has left its slot.</summary>
    public void Dispose() => _cancellation.Dispose();

    private RunResult ResultOf(Exception error) => error switch
    {
        OperationCanceledException when _cancellation.IsCancellationRequested =>
            new RunResult { Settings = Run.Settings, Status = RunStatus.Cancelled, Error = "stopped before it finished" },
        ExternalException when StopReason == StopReason.NativeError =>
            new RunResult { Settings = Run.Settings, Status = RunStatus.Cancelled, Error = $"libtorch error, run handed back: {DescribeError(error)}" },
        ExternalException when StopReason != StopReason.None =>
            new RunResult { Settings = Run.Settings, Status = RunStatus.Cancelled, Error = "stopped before it finished" },
        _ => new RunResult { Settings = Run.Settings, Status = RunStatus.Failed, Error = DescribeError(error) },
    };

    // The data loaders and the settings check throw with messages written for users, so those keep
    // their message. Anything else also names the exception type and keeps only its first line,
    // because libtorch appends its native stack to a message.
    private static string DescribeError(Exception error) => error switch
    {
        ArgumentException or IOException or FormatException => error.Message,
        _ when error.GetType().Namespace?.StartsWith("Dagmm", StringComparison.Ordinal) == true => error.Message,
        _ => $"{error.GetType().Name}: {TorchRuntime.FirstLineOf(error)}",
    };
}
