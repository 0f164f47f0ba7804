using System.Text.Json;
using Dagmm.Grid.Cluster.Tests.Support;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class ClientTests
{
    [Fact]
    public async Task Killed_client_leaves_sweep_running()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2);
        // Each silo trains its seeds 5 at a time, so 30 seeds take three rounds and the client dies mid-sweep.
        var sweep = cluster.WriteSweep("orphaned", seeds: 30, epochs: 300);
        var runsFolder = Path.Combine(cluster.Store.SweepFolder("orphaned"), "runs");

        var submit = cluster.StartClient("submit", sweep);
        await cluster.WaitUntilAsync(() => Directory.Exists(runsFolder) && Directory.GetFiles(runsFolder, "*.parquet").Length >= 1, "a finished run", TimeSpan.FromMinutes(2));
        submit.Kill();
        var finishedAtKill = Directory.GetFiles(runsFolder, "*.parquet").Length;
        var watch = await cluster.RunClientAsync("status", "orphaned", "--watch", "--json");

        Assert.InRange(finishedAtKill, 1, 29);
        Assert.True(watch.ExitCode == 0, $"status --watch exited with {watch.ExitCode}:\n{watch.Output}");
        using var status = JsonDocument.Parse(watch.StandardOutput);
        Assert.Equal("completed", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(30, status.RootElement.GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Runs_and_results_read_cluster()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1);
        var sweep = cluster.WriteSweep("listed", seeds: 2, epochs: 50);
        var submit = await cluster.RunClientAsync("submit", sweep);
        Assert.True(submit.ExitCode == 0, $"submit exited with {submit.ExitCode}:\n{submit.Output}");

        var runs = await cluster.RunClientAsync("runs", "listed", "--json");
        var results = await cluster.RunClientAsync("results", "listed", "--json");
        var rescored = await cluster.RunClientAsync("results", "listed", "--threshold", "oracle-count", "--json");
        var cancel = await cluster.RunClientAsync("cancel", "absent");

        Assert.Equal(0, runs.ExitCode);
        using var runRows = JsonDocument.Parse(runs.StandardOutput);
        Assert.Equal(2, runRows.RootElement.GetArrayLength());
        Assert.All(runRows.RootElement.EnumerateArray(), row => Assert.Equal("succeeded", row.GetProperty("status").GetString()));
        Assert.All(runRows.RootElement.EnumerateArray(), row => Assert.Equal(1, row.GetProperty("attempt").GetInt32()));
        Assert.All(runRows.RootElement.EnumerateArray(), row => Assert.True(row.GetProperty("result").GetProperty("f1").GetDouble() >= 0, "f1 missing"));
        Assert.Equal(0, results.ExitCode);
        using var document = JsonDocument.Parse(results.StandardOutput);
        Assert.Equal(2, document.RootElement.GetProperty("summary")[0].GetProperty("n").GetInt32());
        Assert.Equal(cluster.Store.SweepFolder("listed"), document.RootElement.GetProperty("sweep").GetProperty("results_folder").GetString());
        Assert.True(rescored.ExitCode == 0, rescored.Output);
        using var rescoredDocument = JsonDocument.Parse(rescored.StandardOutput);
        Assert.Equal("oracle-count", rescoredDocument.RootElement.GetProperty("summary")[0].GetProperty("threshold").GetString());
        Assert.Equal(2, rescoredDocument.RootElement.GetProperty("summary")[0].GetProperty("n").GetInt32());
        Assert.True(File.Exists(Path.Combine(cluster.Store.SweepFolder("listed"), "summary-oracle-count.parquet")), "the silo did not write summary-oracle-count.parquet");
        Assert.Equal(2, cancel.ExitCode);
        Assert.Contains("sweep \"absent\" not found", cancel.Output);
    }
}
