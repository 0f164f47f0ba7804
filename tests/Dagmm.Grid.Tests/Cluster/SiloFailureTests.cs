using Dagmm.Grid.Contracts;
using Orleans.Runtime;

namespace Dagmm.Grid.Tests.Cluster;

[Collection(GridClusterCollection.Name)]
public sealed class SiloFailureTests
{
    [Fact]
    public async Task Killed_silo_runs_finish_elsewhere_once()
    {
        await using var grid = await GridTestCluster.StartAsync(silos: 3, slotsPerSilo: 1);
        var definition = await grid.SubmitAsync(SweepJson.Thyroid("silo-killed", seeds: 6, epochs: 1000));
        var coordinator = grid.Grains.GetSweepCoordinator(definition.Name);
        Assert.True(grid.Cluster.TryGetGrainContext(coordinator.GetGrainId(), out var coordinatorContext), "coordinator not active");
        var coordinatorSilo = coordinatorContext.Address.SiloAddress!.ToParsableString();

        // Kill a silo that trains a run and does not host the coordinator, so the run must move. A run
        // of 1000 epochs trains for seconds, far longer than the 100 ms between status polls.
        var running = await grid.WaitForAsync(
            definition.Name,
            status => status.InFlight.Any(run => run.Silo != coordinatorSilo),
            TimeSpan.FromSeconds(60));
        var victimRun = running.InFlight.First(run => run.Silo != coordinatorSilo);
        var victim = grid.Cluster.Silos.Single(silo => silo.SiloAddress.ToParsableString() == victimRun.Silo);
        await grid.Cluster.KillSiloAsync(victim);

        var final = await grid.WaitForEndAsync(definition.Name, TimeSpan.FromMinutes(3));
        var runs = await coordinator.GetRunsAsync();
        var records = await grid.Store.ReadRunsAsync(definition.Name);

        var failures = string.Join("; ", records.Where(record => record.Status != "succeeded").Select(record => $"{record.RunKey} attempt {record.Attempt}: {record.Status}: {record.Error}"));
        Assert.Equal(SweepState.Completed, final.State);
        Assert.True(final.Succeeded == 6, $"{final.Succeeded} of 6 runs succeeded; {failures}");
        Assert.Equal(definition.Runs.Select(run => run.RunKey).Order(), records.Select(record => record.RunKey).Order());
        Assert.True(runs.Single(run => run.RunKey == victimRun.RunKey).Attempt >= 2, "the killed silo's run did not run again");
    }
}
