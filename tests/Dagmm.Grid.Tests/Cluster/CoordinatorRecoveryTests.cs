using Dagmm.Grid.Contracts;
using Dagmm.Grid.Results;
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
        // Each of the two silos trains 5 seeds at once in about a second, so 30 seeds take three
        // rounds and the sweep is still running when the first round has finished.
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("resume", seeds: 30, epochs: 100));
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);
        var before = await Grid.WaitForAsync(definition.Name, status => status.Finished >= 2, s_sweepTimeout);

        await Grid.Cluster.DeactivateAsync((IAddressable)coordinator);
        var resumed = await coordinator.GetStatusAsync();
        var final = await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var records = await Grid.Store.ReadRunsAsync(definition.Name);

        Assert.Equal(SweepState.Running, before.State);
        Assert.True(resumed.Reused >= before.Finished, $"resumed with {resumed.Reused} reused runs, {before.Finished} had finished");
        Assert.Equal(SweepState.Completed, final.State);
        Assert.Equal(30, final.Succeeded);
        Assert.Equal(definition.Runs.Select(run => run.RunKey).Order(), records.Select(record => record.RunKey).Order());
    }

    [Fact]
    public async Task Attempt_limit_survives_reactivation()
    {
        // maxAttempts 1: a run whose only attempt is lost with the coordinator must fail, not run again.
        // The two silos lease up to 5 runs each per poll, so 40 seeds leave pending runs for the ghost
        // silo's lease right after the submit.
        var json = """{"name": "attempts", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 40, "maxAttempts": 1, "overrides": {"epochs": 1}}""";
        var definition = await Grid.SubmitAsync(json);
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);
        var ghostTicket = Assert.Single(await coordinator.LeaseAsync("ghost-silo", 1, 1));

        await Grid.Cluster.DeactivateAsync((IAddressable)coordinator);
        var final = await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var ghostRecord = await Grid.Store.ReadRunAsync(definition.Name, ghostTicket.RunKey);

        Assert.Equal(39, final.Succeeded);
        Assert.Equal(1, final.Failed);
        Assert.NotNull(ghostRecord);
        Assert.Equal("failed", ghostRecord.Status);
        Assert.StartsWith("no result after 1 attempts; last: attempt 1 was lost with the sweep's coordinator", ghostRecord.Error);
    }

    [Fact]
    public async Task Finished_sweep_empties_attempts_file()
    {
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("attempts-cleared", seeds: 2, epochs: 1));
        await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);

        var attemptsFile = Path.Combine(Grid.Store.SweepFolder(definition.Name), ResultStore.AttemptsFileName);
        Assert.True(File.Exists(attemptsFile));
        Assert.Empty(await Grid.Store.ReadAttemptsAsync(definition.Name));
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
