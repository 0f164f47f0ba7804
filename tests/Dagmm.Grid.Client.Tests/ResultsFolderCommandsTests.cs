using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

/// <summary>status, results, runs and list without a cluster: they read the results folder.</summary>
public sealed class ResultsFolderCommandsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dagmm-folder-commands-").FullName;

    private string Results => Path.Combine(_folder, "results");

    public async Task InitializeAsync()
    {
        var sweep = Path.Combine(_folder, "folder.json");
        await File.WriteAllTextAsync(sweep, """{"name": "folder", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2, "overrides": {"epochs": 0}}""");
        var submit = await GridClientProcess.RunAsync("submit", sweep, "--results", Results, "--data", SharedData.Directory, "--json");
        Assert.True(submit.ExitCode == 0, $"submit exited with {submit.ExitCode}: {submit.StandardError}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Status_reads_completed_sweep()
    {
        var outcome = await GridClientProcess.RunAsync("status", "folder", "--results", Results, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var status = JsonDocument.Parse(outcome.StandardOutput);
        Assert.Equal("completed", status.RootElement.GetProperty("state").GetString());
        Assert.Equal(2, status.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(2, status.RootElement.GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Status_running_while_folder_locked()
    {
        // The lock an in-process submit holds while it runs the sweep (an exclusive flock on Linux).
        var lockPath = Path.Combine(Results, "folder", ".submit.lock");
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var running = await GridClientProcess.RunAsync("status", "folder", "--results", Results, "--json");

            Assert.Equal(0, running.ExitCode);
            using var status = JsonDocument.Parse(running.StandardOutput);
            Assert.Equal("running", status.RootElement.GetProperty("state").GetString());
        }

        var released = await GridClientProcess.RunAsync("status", "folder", "--results", Results, "--json");
        using var after = JsonDocument.Parse(released.StandardOutput);
        Assert.Equal("completed", after.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Runs_list_results_of_folder()
    {
        var outcome = await GridClientProcess.RunAsync("runs", "folder", "--results", Results, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var runs = JsonDocument.Parse(outcome.StandardOutput);
        Assert.Equal(2, runs.RootElement.GetArrayLength());
        Assert.All(runs.RootElement.EnumerateArray(), run => Assert.Equal("succeeded", run.GetProperty("status").GetString()));
        Assert.All(runs.RootElement.EnumerateArray(), run => Assert.Equal("folder", run.GetProperty("result").GetProperty("sweep").GetString()));
    }

    [Fact]
    public async Task Results_prints_summary_table()
    {
        var outcome = await GridClientProcess.RunAsync("results", "folder", "--results", Results);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("thyroid", outcome.StandardOutput);
        Assert.Contains("gaussian", outcome.StandardOutput);
    }

    [Fact]
    public async Task List_names_folder_sweeps()
    {
        var outcome = await GridClientProcess.RunAsync("list", "--results", Results, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var list = JsonDocument.Parse(outcome.StandardOutput);
        var entry = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal("folder", entry.GetProperty("name").GetString());
        Assert.Equal("completed", entry.GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_results_file_exits_two()
    {
        var file = Path.Combine(_folder, "results-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var outcome = await GridClientProcess.RunAsync("list", "--results", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--results: {file} is a file; give the results folder that submit wrote to", outcome.StandardError);
    }

    [Fact]
    public async Task Status_of_unknown_sweep_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("status", "absent", "--results", Results);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("sweep \"absent\" not found in the results folder", outcome.StandardError);
    }

    [Fact]
    public async Task Watch_without_cluster_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("status", "folder", "--results", Results, "--watch");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--watch: needs a cluster", outcome.StandardError);
    }

    [Fact]
    public async Task Detach_without_cluster_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("submit", Path.Combine(_folder, "folder.json"), "--detach");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--detach: needs a cluster", outcome.StandardError);
    }
}
