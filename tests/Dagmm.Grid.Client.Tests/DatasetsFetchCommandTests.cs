using System.Security.Cryptography;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public class DatasetsFetchCommandTests
{
    private const string ThyroidSha256 = "3da53a156bda36cb0c97e9f4b6b111c9226c54c4aa00230de5604b787c47e3a6";

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task DatasetsFetch_mirror_writes_verified_files()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "thyroid", "arrhythmia", "--from", server.BaseAddress.ToString(), "--data", folder.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(ThyroidSha256, Sha256Of(Path.Combine(folder.Path, "ann-train.data")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "arrhythmia.data")));
        Assert.False(File.Exists(Path.Combine(folder.Path, "kddcup.data_10_percent.gz")));
        Assert.Contains(
            $"ann-train.data (thyroid): fetched 264,725 bytes from {server.BaseAddress}ann-train.data into {folder.Path}, SHA-256 matches",
            outcome.StandardOutput);
    }

    [Fact]
    public async Task DatasetsFetch_redirected_stderr_prints_plain_progress()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "thyroid", "--from", server.BaseAddress.ToString(), "--data", folder.Path);

        Assert.Contains("ann-train.data: 0% of 264,725 bytes", outcome.StandardError);
        Assert.Contains("ann-train.data: 100% of 264,725 bytes", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsFetch_local_folder_copies_every_file()
    {
        using var folder = new TemporaryFolder();

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "--from", SharedData.Directory, "--data", folder.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["ann-train.data", "arrhythmia.data", "kddcup.data_10_percent.gz"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());
        Assert.Contains("kddcup.data_10_percent.gz (kddcup99, kddcup99-rev): fetched 2,144,903 bytes", outcome.StandardOutput);
    }

    [Fact]
    public async Task DatasetsFetch_present_file_is_kept()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(SharedData.Directory, "ann-train.data"), Path.Combine(folder.Path, "ann-train.data"));

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "thyroid", "--data", folder.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains($"ann-train.data (thyroid): already in {folder.Path}, SHA-256 matches", outcome.StandardOutput);
    }

    [Fact]
    public async Task DatasetsFetch_damaged_file_is_replaced()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "ann-train.data");
        File.WriteAllText(path, "damaged");

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "thyroid", "--from", SharedData.Directory, "--data", folder.Path);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(ThyroidSha256, Sha256Of(path));
    }

    [Fact]
    public async Task DatasetsFetch_not_found_exits_one()
    {
        using var empty = new TemporaryFolder();
        using var folder = new TemporaryFolder();
        await using var server = new LoopbackHttpServer(exchange => exchange.ServeFileAsync(empty.Path, honourRange: true));

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "thyroid", "--from", server.BaseAddress.ToString(), "--data", folder.Path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"error: Download of ann-train.data from {server.BaseAddress}ann-train.data failed: the server returned 404 Not Found", outcome.StandardError);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task DatasetsFetch_checksum_mismatch_exits_one()
    {
        using var folder = new TemporaryFolder();
        var altered = File.ReadAllBytes(Path.Combine(SharedData.Directory, "ann-train.data"));
        altered[^5] = (byte)'9';
        await using var server = LoopbackHttpServer.Serving(altered);

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "thyroid", "--from", server.BaseAddress.ToString(), "--data", folder.Path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"failed its SHA-256 check: expected {ThyroidSha256}, actual {Convert.ToHexStringLower(SHA256.HashData(altered))}", outcome.StandardError);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task DatasetsFetch_stalled_server_times_out()
    {
        using var folder = new TemporaryFolder();
        var content = File.ReadAllBytes(Path.Combine(SharedData.Directory, "ann-train.data"));
        await using var server = new LoopbackHttpServer(exchange => exchange.StallAsync(content, 1000));

        var outcome = await GridClientProcess.RunAsync(
            "datasets", "fetch", "thyroid", "--from", server.BaseAddress.ToString(), "--data", folder.Path, "--timeout", "1", "--attempts", "1");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("failed: timed out: no data for 1 s after 1,000 of 264,725 bytes", outcome.StandardError);
        Assert.False(File.Exists(Path.Combine(folder.Path, "ann-train.data")));
    }

    [Fact]
    public async Task DatasetsFetch_unknown_dataset_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "mnist");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("datasets fetch: unknown dataset \"mnist\"; expected kddcup99, kddcup99-rev, thyroid or arrhythmia, or none for all", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsFetch_missing_source_folder_exits_two()
    {
        using var folder = new TemporaryFolder();
        var absent = Path.Combine(folder.Path, "absent");

        var outcome = await GridClientProcess.RunAsync("datasets", "fetch", "--from", absent, "--data", folder.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--from: source folder {absent} does not exist", outcome.StandardError);
    }
}
