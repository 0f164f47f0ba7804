using Dagmm.Grid.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Dagmm.Grid.Tests.Cluster;

[Collection(GridClusterCollection.Name)]
public sealed class LongRunTests(GridClusterFixture fixture)
{
    /// <summary>
    /// Thyroid epochs that take longer than the 30 s response timeout on one core: about 50 s at the
    /// 7 ms per epoch measured on the 2-core development machine.
    /// </summary>
    private const int LongEpochs = 7_000;

    private GridTestCluster Grid => fixture.Cluster;

    [Fact]
    public async Task Run_longer_than_response_timeout_completes()
    {
        var responseTimeout = Grid.Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout;
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("long-run", seeds: 1, epochs: LongEpochs));
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
        Assert.True(record.TrainSeconds > responseTimeout.TotalSeconds, $"trained {record.TrainSeconds:F1} s, response timeout {responseTimeout}");
        Assert.True(epochsSeen.Count >= 5, $"progress seen at epochs {string.Join(", ", epochsSeen.Order())}");
    }
}
