using Dagmm.Grid.Contracts;
using Dagmm.Grid.Results;
using Parquet.Serialization;

namespace Dagmm.Grid.Tests.Cluster;

[Collection(GridClusterCollection.Name)]
public sealed class SweepCompletionTests(GridClusterFixture fixture)
{
    private static readonly TimeSpan s_sweepTimeout = TimeSpan.FromMinutes(2);

    private GridTestCluster Grid => fixture.Cluster;

    [Fact]
    public async Task Sweep_completes_each_run_once()
    {
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("complete", seeds: 3, epochs: 2, "gaussian", "laplace"));

        var status = await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var records = await Grid.Store.ReadRunsAsync(definition.Name);
        var summary = await ReadSummaryFileAsync(definition.Name);
        var scores = await Grid.Store.ReadScoresAsync(definition.Name, definition.Runs[0].RunKey);

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(6, status.Total);
        Assert.Equal(6, status.Succeeded);
        Assert.Equal(0, status.Failed);
        Assert.Equal(definition.Runs.Select(run => run.RunKey).Order(), records.Select(record => record.RunKey).Order());
        Assert.All(records, record => Assert.Equal("succeeded", record.Status));
        Assert.Equal(ResultStore.Summarize(records), summary);
        Assert.Equal(2, summary.Count);
        Assert.All(summary, row => Assert.Equal(3, row.N));

        // Every thyroid row is scored: the training half of the normal rows plus the whole test split.
        Assert.Equal(3772, scores.Count);
    }

    [Fact]
    public async Task Batched_sweep_matches_solo_runs()
    {
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("batched", seeds: 4, epochs: 3, "student-t"));

        await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var records = await Grid.Store.ReadRunsAsync(definition.Name);

        Assert.Equal(4, records.Count);
        foreach (var run in definition.Runs)
        {
            var alone = Dagmm.Core.Training.DagmmRunner.Run(run.Settings, Dagmm.Core.Tests.Support.SharedData.Directory, null, CancellationToken.None);
            var record = Assert.Single(records, record => record.RunKey == run.RunKey);
            Assert.Equal(alone.Metrics!.F1, record.F1);
            Assert.Equal(alone.Metrics.Auroc, record.Auroc);
            Assert.Equal(alone.FinalLoss, record.FinalLoss);
        }

        // The first silo to ask leases all four seeds for its one slot (5 runs a slot by default).
        Assert.Contains("in a batch of 4", await File.ReadAllTextAsync(Grid.LogPath));
    }

    [Fact]
    public async Task Coordinator_rescores_finished_sweep()
    {
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("rescore-grain", seeds: 2, epochs: 1));
        await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);

        var rescored = await coordinator.RescoreAsync("train-quantile", null);
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => coordinator.RescoreAsync("median", null));

        var runs = RunRecordJson.Deserialize(rescored.RunsJson);
        var expected = await Grid.Store.RescoreRunsAsync(definition.Name, new RescoreRequest(Dagmm.Core.Evaluation.ThresholdProtocol.TrainQuantile));
        Assert.Equal(Grid.Store.SweepFolder(definition.Name), rescored.SweepFolder);
        Assert.Empty(rescored.Skipped);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, run => Assert.Equal("train-quantile", run.Threshold));
        Assert.Equal(expected.Runs, runs);
        Assert.All(await Grid.Store.ReadRunsAsync(definition.Name), run => Assert.Equal("pooled-ratio", run.Threshold));
        Assert.True(File.Exists(Path.Combine(Grid.Store.SweepFolder(definition.Name), "summary-train-quantile.parquet")), "summary-train-quantile.parquet missing");
        Assert.Contains("unknown threshold protocol \"median\"", unknown.Message);
    }

    [Fact]
    public async Task Expired_lease_runs_again_and_late_completion_ignored()
    {
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("expired-lease", seeds: 40, epochs: 1));
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);

        // Act as a silo that leases a run and then goes silent. The two real silos lease up to 5 runs
        // each per poll, so 40 seeds leave pending runs for this lease right after the submit.
        var ghostTickets = await coordinator.LeaseAsync("ghost-silo", 1, 1);
        var ghostTicket = Assert.Single(ghostTickets);
        var status = await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var lateCompletion = new RunCompletion
        {
            RunKey = ghostTicket.RunKey,
            LeaseId = ghostTicket.LeaseId,
            Attempt = ghostTicket.Attempt,
            Silo = "ghost-silo",
            Outcome = RunOutcome.Succeeded,
        };
        await coordinator.CompleteAsync(lateCompletion);
        await coordinator.CompleteAsync(lateCompletion);
        var statusAfter = await coordinator.GetStatusAsync();
        var ghostRun = (await coordinator.GetRunsAsync()).Single(run => run.RunKey == ghostTicket.RunKey);
        var record = await Grid.Store.ReadRunAsync(definition.Name, ghostTicket.RunKey);

        Assert.Equal(SweepState.Completed, status.State);
        Assert.Equal(40, statusAfter.Succeeded);
        Assert.Equal(40, statusAfter.Total);
        Assert.Equal(2, ghostRun.Attempt);
        Assert.NotEqual("ghost-silo", ghostRun.Silo);
        Assert.NotNull(record);
        Assert.Equal(2, record.Attempt);
        Assert.Equal(40, (await Grid.Store.ReadRunsAsync(definition.Name)).Count);
    }

    [Fact]
    public async Task Repeated_completion_recorded_once()
    {
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("repeated-completion", seeds: 2, epochs: 0));
        await Grid.WaitForEndAsync(definition.Name, s_sweepTimeout);
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);
        var run = (await coordinator.GetRunsAsync())[0];
        var repeat = new RunCompletion
        {
            RunKey = run.RunKey,
            LeaseId = Guid.NewGuid(),
            Attempt = run.Attempt,
            Silo = run.Silo ?? "",
            Outcome = RunOutcome.Failed,
            Error = "repeated completion",
        };

        await coordinator.CompleteAsync(repeat);
        await coordinator.CompleteAsync(repeat with { Outcome = RunOutcome.Succeeded });
        var status = await coordinator.GetStatusAsync();
        var runAfter = (await coordinator.GetRunsAsync())[0];

        Assert.Equal(2, status.Succeeded);
        Assert.Equal(0, status.Failed);
        Assert.Equal(RunPhase.Succeeded, runAfter.Phase);
        Assert.Null(runAfter.Error);
    }

    private async Task<IList<SummaryRecord>> ReadSummaryFileAsync(string sweepName)
    {
        await using var stream = File.OpenRead(Path.Combine(Grid.Store.SweepFolder(sweepName), ResultStore.SummaryFileName));
        return (await ParquetSerializer.DeserializeAsync<SummaryRecord>(stream)).Data;
    }
}
