using System.Diagnostics;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Cluster.Tests.Support;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dagmm-silo-start-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ChildProcess StartSilo(string cluster, string? results = null) => ChildProcess.StartDotnet(
        "silo",
        ProcessCluster.SiloPath,
        ["--cluster", cluster, "--results", results ?? Path.Combine(_folder, "results"), "--data", SharedData.Directory],
        Path.Combine(_folder, "silo.log"));

    [Fact]
    public async Task Results_folder_under_a_file_fails_fast()
    {
        var file = Path.Combine(_folder, "taken");
        await File.WriteAllTextAsync(file, "not a folder");
        await using var silo = StartSilo($"redis://127.0.0.1:{FreePorts.Take(1)[0]}", Path.Combine(file, "results"));

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains($"error: --results: {file} is a file, so the folder {Path.Combine(file, "results")} cannot be created; choose a folder path", silo.Output);
    }

    [Fact]
    public async Task Wrong_redis_address_fails_fast()
    {
        var closedPort = FreePorts.Take(1)[0];
        var stopwatch = Stopwatch.StartNew();
        await using var silo = StartSilo($"redis://:hidden-word@127.0.0.1:{closedPort}");

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"the silo took {stopwatch.Elapsed} to fail");
        Assert.Contains($"error: Redis at redis://:***@127.0.0.1:{closedPort} is not reachable", silo.Output);
        Assert.DoesNotContain("hidden-word", silo.Output);
    }

    [Fact]
    public async Task Wrong_redis_password_fails_fast()
    {
        await using var redis = await RedisServer.StartAsync(Path.Combine(_folder, "redis.log"), password: "right-word");
        await using var silo = StartSilo($"redis://:wrong-word@127.0.0.1:{redis.Port}");

        var exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains("rejected the user name or password", silo.Output);
        Assert.DoesNotContain("wrong-word", silo.Output);
    }
}
