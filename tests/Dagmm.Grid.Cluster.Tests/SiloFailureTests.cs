using System.Text.Json;
using Dagmm.Grid.Cluster.Tests.Support;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class SiloFailureTests
{
    [Fact]
    public async Task Killed_silo_run_finishes_elsewhere_once()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3);
        // Fifteen seeds fill one batch of 5 on each of the three silos, so the victim always gets runs.
        await cluster.SubmitDetachedAsync("killed", seeds: 15, epochs: 300);

        // A run of 300 epochs trains for over a second; the kill follows its start line within milliseconds.
        var victim = cluster.Silo(2);
        var started = await victim.WaitForLineAsync(line => line.Contains(" started, attempt ", StringComparison.Ordinal), "a run start", TimeSpan.FromSeconds(90));
        victim.Kill();
        var lostRunKey = RunKeyOf(started);
        var addressStart = started.LastIndexOf("on silo ", StringComparison.Ordinal) + "on silo ".Length;
        var victimAddress = started[addressStart..started.IndexOf(" in a batch of ", addressStart, StringComparison.Ordinal)];

        var watch = await cluster.RunClientAsync("status", "killed", "--watch", "--json");

        Assert.True(watch.ExitCode == 0, $"status --watch exited with {watch.ExitCode}:\n{watch.Output}");
        using var status = JsonDocument.Parse(watch.StandardOutput);
        Assert.Equal("completed", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(15, status.RootElement.GetProperty("succeeded").GetInt32());
        var records = await cluster.Store.ReadRunsAsync("killed");
        Assert.Equal(15, records.Count);
        Assert.Equal(15, records.Select(record => record.RunKey).Distinct().Count());
        // The attempt number is not checked, because it restarts at 1 when the killed silo also
        // hosted the coordinator, which keeps attempt counts in memory.
        var lost = Assert.Single(records, record => record.RunKey == lostRunKey);
        Assert.NotEqual(victimAddress, lost.Silo);
    }

    [Fact]
    public async Task Restarted_silos_resume_without_redoing()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 2);
        // Each silo trains its seeds 5 at a time, so 30 seeds take three rounds and the silos stop mid-sweep.
        await cluster.SubmitDetachedAsync("restarted", seeds: 30, epochs: 300);
        var runsFolder = Path.Combine(cluster.Store.SweepFolder("restarted"), "runs");
        await cluster.WaitUntilAsync(() => CountRunFiles(runsFolder) >= 3, "3 finished runs", TimeSpan.FromMinutes(2));

        var exitCodes = await cluster.StopSilosAsync();
        var before = (await cluster.Store.ReadRunsAsync("restarted")).ToDictionary(record => record.RunKey);
        await cluster.StartSilosAsync([1, 2]);
        await cluster.WaitForSummaryAsync("restarted", TimeSpan.FromMinutes(3));

        Assert.All(exitCodes, code => Assert.Equal(0, code));
        Assert.InRange(before.Count, 3, 29);
        var after = await cluster.Store.ReadRunsAsync("restarted");
        Assert.Equal(30, after.Count);
        Assert.Equal(30, after.Select(record => record.RunKey).Distinct().Count());
        foreach (var record in after.Where(record => before.ContainsKey(record.RunKey)))
        {
            Assert.Equal(before[record.RunKey].FinishedAt, record.FinishedAt);
        }

        var status = await cluster.RunClientAsync("status", "restarted", "--json");
        using var document = JsonDocument.Parse(status.StandardOutput);
        Assert.Equal("completed", document.RootElement.GetProperty("state").GetString());
        Assert.Equal(before.Count, document.RootElement.GetProperty("reused").GetInt32());
    }

    private static int CountRunFiles(string runsFolder) =>
        Directory.Exists(runsFolder) ? Directory.GetFiles(runsFolder, "*.parquet").Length : 0;

    /// <summary>Returns the run key of a "Run KEY started, attempt N, on silo S in a batch of B" log line.</summary>
    private static string RunKeyOf(string line)
    {
        var start = line.IndexOf("Run ", StringComparison.Ordinal) + "Run ".Length;
        return line[start..line.IndexOf(" started, attempt ", StringComparison.Ordinal)];
    }
}
