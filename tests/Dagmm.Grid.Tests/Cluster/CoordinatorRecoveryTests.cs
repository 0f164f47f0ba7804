using Dagmm.Grid.Contracts;
using Orleans.Runtime;

namespace Dagmm.Grid.Tests.Cluster;

[Collection(GridClusterCollection.Name)]
public sealed class CoordinatorRecoveryTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan s_sweepTimeout = TimeSpan.FromMinutes(2);

    private GridTestCluster Grid => fixture.Cluster;

    [Fact]
    public async Task Deactivated_coordinator_resumes_from_folder()
    {
        // About 0.7 s per run at 7 ms per thyroid epoch, so the sweep is still running after two runs.
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("resume", seeds: 10, epochs: 100));
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);
        var before = await Grid.WaitForAsync(definition.Name, status => status.Finished >= 2, s_sweepTimeout);

        await Grid.Cluster.DeactivateAsync((IAddressable)coordinator);
        var resumed = await coordinator.GetStatusAsync();
        var final = await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var records = await Grid.Store.ReadRunsAsync(definition.Name);

        Assert.Equal(SweepState.Running, before.State);
        Assert.True(resumed.Reused >= before.Finished, $"resumed with {resumed.Reused} reused runs, {before.Finished} had finished");
        Assert.Equal(SweepState.Completed, final.State);
        Assert.Equal(10, final.Succeeded);
        Assert.Equal(definition.Runs.Select(run => run.RunKey).Order(), records.Select(record => record.RunKey).Order());
    }

    [Fact]
    public async Task Second_submit_reuses_finished_runs()
    {
        var json = SweepJson.Thyroid("resubmit", seeds: 2, epochs: 0);
        var definition = await Grid.SubmitAsync(json);
        await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var firstRecords = await Grid.Store.ReadRunsAsync(definition.Name);

        await Grid.SubmitAsync(json);
        var status = await Grid.Grains.GetSweepCoordinator(definition.Name).GetStatusAsync();
        var secondRecords = await Grid.Store.ReadRunsAsync(definition.Name);

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(2, status.Reused);
        Assert.Equal(firstRecords.OrderBy(record => record.RunKey), secondRecords.OrderBy(record => record.RunKey));
    }
}
