using System.Collections.Concurrent;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// The training slots of one silo. Each run trains on a dedicated background thread outside the
/// Orleans scheduler, so grain turns never wait on training and at most <see cref="Capacity"/>
/// runs train at once. A slot stays taken until the silo has recorded the run's result.
/// </summary>
public sealed class TrainingSlots
{
    private readonly ConcurrentDictionary<Guid, TrainingRun> _runs = new();
    private readonly SemaphoreSlim _released = new(0);
    private readonly Lock _startLock = new();

    /// <param name="capacity">Runs that may train at once; 1 or more.</param>
    public TrainingSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Slots not taken by a run.</summary>
    public int Free => Capacity - _runs.Count;

    /// <summary>Runs that hold a slot: training, or trained and not yet recorded.</summary>
    internal ICollection<TrainingRun> Runs => _runs.Values;

    /// <summary>
    /// Takes a slot for <paramref name="run"/> and starts <paramref name="train"/> on a new thread.
    /// Returns false, starting nothing, when every slot is taken.
    /// </summary>
    internal bool TryStart(TrainingRun run, Func<TrainingRun, RunResult> train)
    {
        lock (_startLock)
        {
            if (Free <= 0 || !_runs.TryAdd(run.Ticket.LeaseId, run))
            {
                return false;
            }
        }

        var thread = new Thread(() => run.Execute(train))
        {
            IsBackground = true,
            Name = $"dagmm-run {run.Ticket.RunKey}",
        };
        thread.Start();
        return true;
    }

    /// <summary>Frees the slot of <paramref name="run"/> and wakes <see cref="WaitForReleaseAsync"/>.</summary>
    internal void Release(TrainingRun run)
    {
        if (_runs.TryRemove(run.Ticket.LeaseId, out _))
        {
            run.Dispose();
            _released.Release();
        }
    }

    /// <summary>Waits until a slot is released or <paramref name="timeout"/> passes.</summary>
    internal async Task WaitForReleaseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _released.WaitAsync(timeout, cancellationToken);
    }
}
