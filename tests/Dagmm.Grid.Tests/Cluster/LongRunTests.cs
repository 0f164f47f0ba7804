using Dagmm.Grid.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Dagmm.Grid.Tests.Cluster;

[Collection(GridClusterCollection.Name)]
public sealed class LongRunTests(GridClusterFixture fixture)
{
    /// <summary>Epochs of the short run that measures how fast this machine trains thyroid.</summary>
    private const int CalibrationEpochs = 500;

    /// <summary>
    /// How much longer than the response timeout the long run is meant to train. The margin covers a
    /// calibration slowed by other test assemblies training at the same time and a machine that is
    /// idle by the time the long run trains.
    /// </summary>
    private const double TimeoutMultiple = 2.0;

    private GridTestCluster Grid => fixture.Cluster;

    [Fact]
    public async Task Run_longer_than_response_timeout_completes()
    {
        var responseTimeout = Grid.Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout;
        var epochs = await EpochsLastingAsync(responseTimeout * TimeoutMultiple);
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("long-run", seeds: 1, epochs));
        var runGrain = Grid.Grains.GetRunGrain(definition.Runs[0].RunKey);
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);

        var epochsSeen = new HashSet<int>();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
        SweepStatus status;
        do
        {
            await Task.Delay(500);
            var progress = await runGrain.GetProgressAsync();
            if (progress.Phase == RunPhase.Running && progress.Epoch > 0)
            {
                epochsSeen.Add(progress.Epoch);
            }

            status = await coordinator.GetStatusAsync();
        }
        while (!status.IsTerminal && DateTimeOffset.UtcNow < deadline);
        var record = await Grid.Store.ReadRunAsync(definition.Name, definition.Runs[0].RunKey);

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(1, status.Succeeded);
        Assert.NotNull(record);
        Assert.Equal(epochs, record.EpochsCompleted);
        Assert.True(record.TrainSeconds > responseTimeout.TotalSeconds, $"trained {record.TrainSeconds:F1} s, response timeout {responseTimeout}");
        Assert.True(epochsSeen.Count >= 5, $"progress seen at epochs {string.Join(", ", epochsSeen.Order())}");
    }

    /// <summary>
    /// Returns the thyroid epochs that train for about <paramref name="duration"/> on this machine,
    /// measured with a short run, so the long run outlasts the timeout however fast the trainer gets.
    /// </summary>
    private async Task<int> EpochsLastingAsync(TimeSpan duration)
    {
        // The faster of two calibration runs, so a burst of load during one of them cannot shorten the long run.
        var secondsPerEpoch = double.MaxValue;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var calibration = await Grid.SubmitAsync(SweepJson.Thyroid($"long-run-calibration-{attempt}", seeds: 1, epochs: CalibrationEpochs));
            await Grid.WaitForEndAsync(calibration.Name, TimeSpan.FromMinutes(2));
            var record = await Grid.Store.ReadRunAsync(calibration.Name, calibration.Runs[0].RunKey)
                ?? throw new InvalidOperationException($"The calibration run wrote no result. Silo log: {Grid.LogPath}");
            secondsPerEpoch = Math.Min(secondsPerEpoch, record.TrainSeconds / CalibrationEpochs);
        }

        return (int)Math.Ceiling(duration.TotalSeconds / secondsPerEpoch);
    }
}
