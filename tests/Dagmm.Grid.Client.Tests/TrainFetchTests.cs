using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public class TrainFetchTests
{
    [Fact]
    public async Task Train_missing_file_downloads_first()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);

        var outcome = await GridClientProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["DAGMM_DATA_MIRROR"] = server.BaseAddress.ToString() },
            "train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", folder.Path, "--json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder.Path, "ann-train.data")));
        Assert.Equal("ann-train.data", Assert.Single(server.Exchanges).Path);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        Assert.Equal("succeeded", document.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Train_offline_missing_file_exits_two()
    {
        using var folder = new TemporaryFolder();

        var outcome = await GridClientProcess.RunAsync("train", "--dataset", "arrhythmia", "--mixture", "gaussian", "--data", folder.Path, "--offline");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"error: Dataset file arrhythmia.data for arrhythmia not found in {folder.Path}. Folder {folder.Path} does not contain it", outcome.StandardError);
        Assert.Contains($"Run grid-client datasets fetch arrhythmia --data {folder.Path} on a machine with network access", outcome.StandardError);
    }

    [Fact]
    public async Task Train_failed_download_exits_two()
    {
        using var empty = new TemporaryFolder();
        using var folder = new TemporaryFolder();
        await using var server = new LoopbackHttpServer(exchange => exchange.ServeFileAsync(empty.Path, honourRange: true));

        var outcome = await GridClientProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["DAGMM_DATA_MIRROR"] = server.BaseAddress.ToString() },
            "train", "--dataset", "thyroid", "--mixture", "gaussian", "--data", folder.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("the server returned 404 Not Found", outcome.StandardError);
        Assert.Contains($"run grid-client datasets fetch thyroid --data {folder.Path} --from URL|DIR", outcome.StandardError);
    }

    [Fact]
    public async Task Train_present_file_makes_no_request()
    {
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);

        var outcome = await GridClientProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["DAGMM_DATA_MIRROR"] = server.BaseAddress.ToString() },
            "train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory, "--json");

        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(server.Exchanges);
    }
}
