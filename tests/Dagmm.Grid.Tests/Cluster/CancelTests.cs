using System.Diagnostics;
using Dagmm.Grid.Contracts;

namespace Dagmm.Grid.Tests.Cluster;

[Collection(GridClusterCollection.Name)]
public sealed class CancelTests(GridClusterFixture fixture)
{
    /// <summary>Epochs no test waits for: the runs only end by cancellation.</summary>
    private const int EndlessEpochs = 1_000_000;

    private GridTestCluster Grid => fixture.Cluster;

    [Fact]
    public async Task Cancel_stops_training_and_pending_runs()
    {
        // Two silos with one slot each train 5 seeds at once each; 2 of the 12 seeds stay pending.
        var definition = await Grid.SubmitAsync(SweepJson.Thyroid("cancel", seeds: 12, epochs: EndlessEpochs));
        var coordinator = Grid.Grains.GetSweepCoordinator(definition.Name);
        var training = await WaitUntilTrainingAsync(definition.Name, runs: 10);

        var stopwatch = Stopwatch.StartNew();
        await coordinator.CancelAsync();
        var status = await Grid.WaitForEndAsync(definition.Name, TimeSpan.FromSeconds(60));
        stopwatch.Stop();

        // Give the silos a few poll intervals to lease anything they wrongly could.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var runs = await coordinator.GetRunsAsync();
        var pending = runs.Where(run => !training.Contains(run.RunKey)).ToList();

        Assert.Equal(SweepState.Cancelled, status.State);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"cancel took {stopwatch.Elapsed}");
        Assert.Equal(12, status.Cancelled);
        Assert.Equal(2, pending.Count);
        Assert.All(pending, run => Assert.Equal(0, run.Attempt));
        Assert.All(runs, run => Assert.Equal(RunPhase.Cancelled, run.Phase));
        Assert.Empty(await Grid.Store.ReadRunsAsync(definition.Name));
        foreach (var runKey in training)
        {
            var progress = await Grid.Grains.GetRunGrain(runKey).GetProgressAsync();
            Assert.Equal(RunPhase.Cancelled, progress.Phase);
        }
    }

    /// <summary>Waits until <paramref name="runs"/> runs train and each has finished an epoch; returns their keys.</summary>
    private async Task<IReadOnlyList<string>> WaitUntilTrainingAsync(string sweepName, int runs)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var status = await Grid.Grains.GetSweepCoordinator(sweepName).GetStatusAsync();
            if (status.InFlight.Length == runs)
            {
                var progress = await Task.WhenAll(status.InFlight.Select(run => Grid.Grains.GetRunGrain(run.RunKey).GetProgressAsync()));
                if (progress.All(view => view.Epoch >= 1))
                {
                    return progress.Select(view => view.RunKey).ToList();
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{runs} runs of {sweepName} did not start training within 60 s. Silo log: {Grid.LogPath}");
    }
}
