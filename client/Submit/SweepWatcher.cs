using Dagmm.Grid.Contracts;
using Orleans;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// Polls a sweep's coordinator and the run grains of its running runs. When
/// <paramref name="cancelRequested"/> fires (Ctrl+C), the next poll cancels the sweep once.
/// </summary>
internal sealed class SweepWatcher(IGrainFactory grains, string sweepName, CancellationToken cancelRequested)
{
    /// <summary>Time between polls.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private bool _cancelSent;

    public async Task<SweepSnapshot> PollAsync()
    {
        var coordinator = grains.GetSweepCoordinator(sweepName);
        if (cancelRequested.IsCancellationRequested && !_cancelSent)
        {
            _cancelSent = true;
            await coordinator.CancelAsync();
        }

        var status = await coordinator.GetStatusAsync();
        var running = await Task.WhenAll(status.InFlight.Select(run => grains.GetRunGrain(run.RunKey).GetProgressAsync()));
        return new SweepSnapshot(status, running, _cancelSent);
    }
}
