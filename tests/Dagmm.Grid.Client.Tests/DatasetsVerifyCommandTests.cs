using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public class DatasetsVerifyCommandTests
{
    [Fact]
    public async Task DatasetsVerify_mirror_passes()
    {
        var outcome = await GridClientProcess.RunAsync("datasets", "verify", "--data", SharedData.Directory);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("ok      kddcup.data_10_percent.gz  kddcup99, kddcup99-rev", outcome.StandardOutput);
        Assert.Contains("ok      ann-train.data             thyroid", outcome.StandardOutput);
        Assert.Contains("ok      arrhythmia.data            arrhythmia", outcome.StandardOutput);
        Assert.Equal("", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsVerify_corrupt_gzip_names_file()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(SharedData.Directory, "ann-train.data"), Path.Combine(folder.Path, "ann-train.data"));
        File.Copy(Path.Combine(SharedData.Directory, "arrhythmia.data"), Path.Combine(folder.Path, "arrhythmia.data"));
        var content = File.ReadAllBytes(Path.Combine(SharedData.Directory, "kddcup.data_10_percent.gz"));
        Array.Fill(content, (byte)0x5A, content.Length / 3, 2048);
        var path = Path.Combine(folder.Path, "kddcup.data_10_percent.gz");
        File.WriteAllBytes(path, content);

        var outcome = await GridClientProcess.RunAsync("datasets", "verify", "--data", folder.Path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("FAILED  kddcup.data_10_percent.gz", outcome.StandardOutput);
        Assert.Contains($"error: {path}: SHA-256 mismatch: expected 8045aca0d84e70e6", outcome.StandardError);
        Assert.Contains($"error: {path}: does not parse: kddcup.data_10_percent.gz: line ", outcome.StandardError);
        Assert.DoesNotContain("ann-train.data", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsVerify_empty_folder_lists_missing()
    {
        using var folder = new TemporaryFolder();

        var outcome = await GridClientProcess.RunAsync("datasets", "verify", "--data", folder.Path, "--json");

        Assert.Equal(1, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        Assert.All(document.RootElement.EnumerateArray(), file => Assert.False(file.GetProperty("present").GetBoolean()));
        Assert.Contains($"error: {Path.Combine(folder.Path, "arrhythmia.data")}: missing; download it with grid-client datasets fetch arrhythmia", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsVerify_json_reports_hashes()
    {
        var outcome = await GridClientProcess.RunAsync("datasets", "verify", "--data", SharedData.Directory, "--json");

        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var thyroid = document.RootElement.EnumerateArray().Single(file => file.GetProperty("file").GetString() == "ann-train.data");
        Assert.Equal(thyroid.GetProperty("expectedSha256").GetString(), thyroid.GetProperty("actualSha256").GetString());
        Assert.True(thyroid.GetProperty("passed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, thyroid.GetProperty("parseError").ValueKind);
    }
}
