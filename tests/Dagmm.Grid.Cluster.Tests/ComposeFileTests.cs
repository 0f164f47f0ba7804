using System.Diagnostics;
using Dagmm.Grid.Tests.Support;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class ComposeFileTests
{
    private static async Task<string[]> ComposeConfigAsync(string listOption)
    {
        var start = new ProcessStartInfo("docker-compose")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in new[] { "--file", RepositoryFiles.PathOf("docker-compose.yml"), "config", listOption })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("docker-compose did not start; install it with scripts/install-prerequisites.sh");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, $"docker-compose config {listOption} exited with {process.ExitCode}: {await error}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Compose_file_names_services()
    {
        var services = await ComposeConfigAsync("--services");

        Assert.Equal(["client", "redis", "silo"], services);
    }

    [Fact]
    public async Task Compose_file_names_volumes()
    {
        var volumes = await ComposeConfigAsync("--volumes");

        Assert.Equal(["data", "results"], volumes);
    }
}
