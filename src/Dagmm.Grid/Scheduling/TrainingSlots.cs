using System.Collections.Concurrent;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// The training slots of one silo. Each slot trains one batch of runs (see <see cref="TrainingBatches"/>)
/// on a dedicated background thread outside the Orleans scheduler, so grain turns never wait on
/// training and at most <see cref="Capacity"/> batches train at once. A slot stays taken until the
/// silo has recorded the result of every run of its batch.
/// </summary>
public sealed class TrainingSlots
{
    private readonly ConcurrentDictionary<Guid, (TrainingRun Run, SlotUse Slot)> _runs = new();
    private readonly SemaphoreSlim _released = new(0);
    private readonly Lock _startLock = new();
    private int _busySlots;

    /// <param name="capacity">Batches that may train at once; 1 or more.</param>
    public TrainingSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public int Capacity { get; }

    /// <summary>Slots not taken by a batch.</summary>
    public int Free => Capacity - Volatile.Read(ref _busySlots);

    /// <summary>Runs that hold a slot: training, or trained and not yet recorded.</summary>
    internal IEnumerable<TrainingRun> Runs => _runs.Values.Select(entry => entry.Run);

    /// <summary>
    /// Takes a slot for <paramref name="batch"/> and starts <paramref name="train"/> on a new thread.
    /// Returns false, starting nothing, when every slot is taken.
    /// </summary>
    internal bool TryStart(IReadOnlyList<TrainingRun> batch, Func<IReadOnlyList<TrainingRun>, IReadOnlyList<RunResult>> train)
    {
        ArgumentOutOfRangeException.ThrowIfZero(batch.Count);
        lock (_startLock)
        {
            if (Free <= 0 || batch.Any(run => _runs.ContainsKey(run.Ticket.LeaseId)))
            {
                return false;
            }

            var slot = new SlotUse(batch.Count);
            foreach (var run in batch)
            {
                _runs[run.Ticket.LeaseId] = (run, slot);
            }

            Interlocked.Increment(ref _busySlots);
        }

        var thread = new Thread(() => TrainingRun.ExecuteBatch(batch, train))
        {
            IsBackground = true,
            Name = batch.Count == 1 ? $"dagmm-run {batch[0].Ticket.RunKey}" : $"dagmm-batch {batch[0].Ticket.RunKey} +{batch.Count - 1}",
        };
        thread.Start();
        return true;
    }

    /// <summary>
    /// Lets go of <paramref name="run"/>; when it was the last unrecorded run of its batch, frees
    /// the slot and wakes <see cref="WaitForReleaseAsync"/>.
    /// </summary>
    internal void Release(TrainingRun run)
    {
        if (_runs.TryRemove(run.Ticket.LeaseId, out var entry))
        {
            run.Dispose();
            if (Interlocked.Decrement(ref entry.Slot.Unrecorded) == 0)
            {
                Interlocked.Decrement(ref _busySlots);
                _released.Release();
            }
        }
    }

    /// <summary>Waits until a slot is released or <paramref name="timeout"/> passes.</summary>
    internal async Task WaitForReleaseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _released.WaitAsync(timeout, cancellationToken);
    }

    // One taken slot: the runs of its batch not yet recorded.
    private sealed class SlotUse(int runs)
    {
        public int Unrecorded = runs;
    }
}
