using Dagmm.Grid.Contracts;
using Orleans;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// Polls a sweep's coordinator and the run grains of its running runs. When
/// <paramref name="cancelRequested"/> fires (Ctrl+C), the next poll cancels the sweep once. A failed
/// poll is tried again every <see cref="Interval"/>, because in a cluster the coordinator's silo can
/// die and the coordinator needs a moment to move; after <see cref="OutageLimit"/> of failures the
/// last error is thrown.
/// </summary>
internal sealed class SweepWatcher(IGrainFactory grains, string sweepName, CancellationToken cancelRequested)
{
    /// <summary>Time between polls.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>How long polls may fail in a row before the watcher gives up. 3 minutes.</summary>
    public static readonly TimeSpan OutageLimit = TimeSpan.FromMinutes(3);

    private bool _cancelSent;

    public async Task<SweepSnapshot> PollAsync()
    {
        var firstFailure = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                return await PollOnceAsync();
            }
            catch (Exception error) when (error is not OperationCanceledException && DateTimeOffset.UtcNow - firstFailure < OutageLimit)
            {
                await Task.Delay(Interval);
            }
        }
    }

    private async Task<SweepSnapshot> PollOnceAsync()
    {
        var coordinator = grains.GetSweepCoordinator(sweepName);
        if (cancelRequested.IsCancellationRequested && !_cancelSent)
        {
            await coordinator.CancelAsync();
            _cancelSent = true;
        }

        var status = await coordinator.GetStatusAsync();
        var running = await Task.WhenAll(status.InFlight.Select(run => grains.GetRunGrain(run.RunKey).GetProgressAsync()));
        return new SweepSnapshot(status, running, _cancelSent);
    }
}
