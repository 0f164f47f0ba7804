using System.Diagnostics;
using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Tests;

public sealed class SubmitCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dagmm-submit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteSweep(string fileName, string json)
    {
        var path = Path.Combine(_folder, fileName);
        File.WriteAllText(path, json);
        return path;
    }

    private Task<ProcessOutcome> SubmitAsync(string sweepPath, params string[] options) =>
        GridClientProcess.RunAsync(["submit", sweepPath, "--results", Path.Combine(_folder, "results"), "--data", SharedData.Directory, .. options]);

    [Theory]
    [InlineData("--slots", "100000", "--slots: \"100000\" is invalid; expected an integer from 1 to 256")]
    [InlineData("--runs-per-slot", "0", "--runs-per-slot: \"0\" is invalid; expected an integer")]
    public async Task Submit_bad_slot_option_exits_two(string option, string value, string message)
    {
        var path = WriteSweep("slot.json", """{"name": "slot", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 0}}""");

        var outcome = await SubmitAsync(path, option, value);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_folder, "results")), "a refused submit created the results folder");
    }

    [Fact]
    public async Task Submit_invalid_sweep_exits_two()
    {
        var path = WriteSweep("bad.json", """{"name": "bad", "datasets": ["thyroid"], "mixtures": ["gaussian", "cauchy"], "seeds": 1}""");

        var outcome = await SubmitAsync(path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("bad.json: $.mixtures[1]", outcome.StandardError);
        Assert.Contains("cauchy", outcome.StandardError);
        Assert.Equal("", outcome.StandardOutput);
        Assert.False(Directory.Exists(Path.Combine(_folder, "results")), "an invalid sweep created the results folder");
    }

    [Fact]
    public async Task Submit_missing_dataset_downloads_first()
    {
        using var data = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        var path = WriteSweep("fetch.json", """{"name": "fetch", "datasets": ["arrhythmia"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 0}}""");

        var outcome = await GridClientProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["DAGMM_DATA_MIRROR"] = server.BaseAddress.ToString() },
            "submit", path, "--results", Path.Combine(_folder, "results"), "--data", data.Path, "--json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(File.Exists(Path.Combine(data.Path, "arrhythmia.data")), "the dataset was not downloaded");
        Assert.Equal("arrhythmia.data", Assert.Single(server.Exchanges).Path);
    }

    [Fact]
    public async Task Submit_offline_missing_dataset_exits_two()
    {
        using var data = new TemporaryFolder();
        var path = WriteSweep("offline.json", """{"name": "offline", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");

        var outcome = await GridClientProcess.RunAsync("submit", path, "--results", Path.Combine(_folder, "results"), "--data", data.Path, "--offline");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("ann-train.data", outcome.StandardError);
        Assert.Contains("grid-client datasets fetch thyroid", outcome.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_folder, "results")), "a sweep without data created the results folder");
    }

    [Fact]
    public async Task Submit_empty_sweep_file_exits_two()
    {
        var path = WriteSweep("empty.json", "");

        var outcome = await SubmitAsync(path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("empty.json: the file is empty", outcome.StandardError);
    }

    [Fact]
    public async Task Submit_sigterm_cancels_and_keeps_finished()
    {
        // One run scores the untrained network at once; the other trains until it is cancelled.
        var path = WriteSweep("sigterm.json", """{"name": "sigterm", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "grid": {"epochs": [0, 1000000]}}""");
        var results = Path.Combine(_folder, "results");
        var runsFolder = Path.Combine(results, "sigterm", ResultStore.RunsFolderName);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { GridClientProcess.ClientPath, "submit", path, "--results", results, "--data", SharedData.Directory, "--offline", "--slots", "2" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(Directory.Exists(runsFolder) && Directory.EnumerateFiles(runsFolder, "*.parquet").Any()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        if (!Directory.Exists(runsFolder))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"no run finished within 2 minutes; standard error: {await standardError}");
        }

        Assert.Equal(0, GridClientProcess.SendSignal(process.Id, GridClientProcess.Sigterm));
        using var exitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(exitTimeout.Token);
        await standardOutput;

        Assert.Equal(143, process.ExitCode);
        Assert.DoesNotContain("Unhandled exception", await standardError);
        var runs = await GridClientProcess.RunAsync("runs", "sigterm", "--results", results, "--data", SharedData.Directory, "--json");
        Assert.Contains("\"status\":\"succeeded\"", runs.StandardOutput.Replace(" ", ""));
        Assert.Contains("\"status\":\"cancelled\"", runs.StandardOutput.Replace(" ", ""));

        // Read back from the folder, the stopped run counts as cancelled, not as pending.
        var status = await GridClientProcess.RunAsync("status", "sigterm", "--results", results, "--json");
        using var overview = JsonDocument.Parse(status.StandardOutput);
        Assert.Equal("cancelled", overview.RootElement.GetProperty("state").GetString());
        Assert.Equal(1, overview.RootElement.GetProperty("succeeded").GetInt32());
        Assert.Equal(1, overview.RootElement.GetProperty("cancelled").GetInt32());
        Assert.Equal(0, overview.RootElement.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Submit_unwritable_results_exits_two()
    {
        var path = WriteSweep("tiny-file.json", """{"name": "tiny-file", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 0}}""");
        var resultsFile = Path.Combine(_folder, "results-is-a-file");
        File.WriteAllText(resultsFile, "not a folder");

        var outcome = await GridClientProcess.RunAsync("submit", path, "--results", resultsFile, "--data", SharedData.Directory);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--results: {resultsFile} is a file, so the folder {Path.Combine(resultsFile, "tiny-file")} cannot be created; choose a folder path", outcome.StandardError);
        Assert.DoesNotContain("Unhandled exception", outcome.StandardError);
    }

    [Fact]
    public async Task Submit_while_sweep_running_exits_two()
    {
        var path = WriteSweep("locked.json", """{"name": "locked", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 0}}""");
        var sweepFolder = Path.Combine(_folder, "results", "locked");
        Directory.CreateDirectory(sweepFolder);
        using var heldLock = new FileStream(Path.Combine(sweepFolder, ".submit.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var outcome = await SubmitAsync(path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("sweep \"locked\" is already running from another grid-client", outcome.StandardError);
        Assert.False(Directory.Exists(Path.Combine(sweepFolder, "runs")), "the second submit trained runs");
    }

    [Fact]
    public async Task Submit_missing_file_exits_two()
    {
        var outcome = await SubmitAsync(Path.Combine(_folder, "absent.json"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("absent.json: sweep file not found", outcome.StandardError);
    }

    [Fact]
    public async Task Submit_json_prints_only_document()
    {
        var path = WriteSweep("tiny.json", """{"name": "tiny", "datasets": ["thyroid"], "mixtures": ["gaussian", "laplace"], "seeds": 2, "overrides": {"epochs": 0}}""");

        var outcome = await SubmitAsync(path, "--slots", "2", "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var root = document.RootElement;
        Assert.Equal(["sweep", "summary", "runs"], root.EnumerateObject().Select(property => property.Name));
        Assert.Equal("tiny", root.GetProperty("sweep").GetProperty("name").GetString());
        Assert.Equal("completed", root.GetProperty("sweep").GetProperty("state").GetString());
        Assert.Equal(4, root.GetProperty("runs").GetArrayLength());
        Assert.Equal(2, root.GetProperty("summary").GetArrayLength());
        Assert.All(root.GetProperty("runs").EnumerateArray(), run => Assert.Equal("succeeded", run.GetProperty("status").GetString()));
        Assert.All(root.GetProperty("summary").EnumerateArray(), row => Assert.Equal(2, row.GetProperty("n").GetInt32()));
        Assert.True(root.GetProperty("summary")[0].TryGetProperty("f1_mean", out _), "summary rows lack the f1_mean column");
        Assert.True(File.Exists(Path.Combine(_folder, "results", "tiny", ResultStore.SummaryFileName)), "summary.parquet missing");
    }

    [Fact]
    public async Task Submit_again_reuses_finished_runs()
    {
        var path = WriteSweep("again.json", """{"name": "again", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2, "overrides": {"epochs": 0}}""");
        var first = await SubmitAsync(path, "--json");

        var second = await SubmitAsync(path, "--json");

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        using var firstDocument = JsonDocument.Parse(first.StandardOutput);
        using var secondDocument = JsonDocument.Parse(second.StandardOutput);
        Assert.Equal(0, firstDocument.RootElement.GetProperty("sweep").GetProperty("reused").GetInt32());
        Assert.Equal(2, secondDocument.RootElement.GetProperty("sweep").GetProperty("reused").GetInt32());
        Assert.Equal(
            firstDocument.RootElement.GetProperty("runs").GetRawText(),
            secondDocument.RootElement.GetProperty("runs").GetRawText());
    }

    [Fact]
    public async Task Submit_failed_run_exits_one()
    {
        // A learning rate of 1000 drives the arrhythmia loss to a non-finite value.
        var path = WriteSweep("diverge.json", """{"name": "diverge", "datasets": ["arrhythmia"], "mixtures": ["gaussian"], "seeds": 1, "overrides": {"epochs": 100, "learningRate": 1000}}""");

        var outcome = await SubmitAsync(path, "--json");

        Assert.Equal(1, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var run = Assert.Single(document.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(run.GetProperty("error").GetString()), "failed run has no error");
        Assert.Equal(1, document.RootElement.GetProperty("sweep").GetProperty("failed").GetInt32());
    }

    [Fact]
    public async Task Submit_table_lists_dataset_and_mixture()
    {
        var path = WriteSweep("table.json", """{"name": "table", "datasets": ["thyroid"], "mixtures": ["student-t"], "seeds": 2, "overrides": {"epochs": 0}}""");

        var outcome = await SubmitAsync(path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("thyroid", outcome.StandardOutput);
        Assert.Contains("student-t-nu4", outcome.StandardOutput);
        Assert.Contains("±", outcome.StandardOutput);
        Assert.Contains("results:", outcome.StandardError);
    }
}
