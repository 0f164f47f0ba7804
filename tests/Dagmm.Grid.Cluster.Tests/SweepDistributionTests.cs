using System.Text.Json;
using Dagmm.Grid.Cluster.Tests.Support;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class SweepDistributionTests
{
    private const string Password = "s3cret-redis-pass";

    [Fact]
    public async Task Sweep_on_three_silos_spreads_runs()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 3, password: Password);
        var sweep = cluster.WriteSweep("spread", seeds: 9, epochs: 300);

        var client = await cluster.RunClientAsync("submit", sweep, "--json");

        Assert.True(client.ExitCode == 0, $"submit exited with {client.ExitCode}:\n{client.Output}");
        using var document = JsonDocument.Parse(client.StandardOutput);
        Assert.Equal("completed", document.RootElement.GetProperty("sweep").GetProperty("state").GetString());
        Assert.Equal(9, document.RootElement.GetProperty("runs").GetArrayLength());
        var records = await cluster.Store.ReadRunsAsync("spread");
        Assert.Equal(9, records.Count);
        Assert.All(records, record => Assert.Equal("succeeded", record.Status));
        var silos = records.Select(record => record.Silo).Distinct().ToList();
        Assert.True(silos.Count >= 2, $"every run ran on {string.Join(", ", silos)}");
    }

    [Fact]
    public async Task Redis_password_never_logged()
    {
        await using var cluster = await ProcessCluster.StartAsync(silos: 1, password: Password);
        var sweep = cluster.WriteSweep("masked", seeds: 1, epochs: 50);

        var submit = await cluster.RunClientAsync("submit", sweep);
        var list = await cluster.RunClientAsync("list");

        Assert.Equal(0, submit.ExitCode);
        Assert.Equal(0, list.ExitCode);
        var silo = cluster.Silo(1);
        Assert.Contains($"redis://:***@127.0.0.1:{cluster.Redis.Port}", silo.Output);
        Assert.DoesNotContain(Password, silo.Output);
        Assert.DoesNotContain(Password, submit.Output);
        Assert.Contains("masked", list.StandardOutput);
    }
}
