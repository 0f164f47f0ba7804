using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetVerifierTests
{
    [Fact]
    public void VerifyAll_mirror_passes_every_file()
    {
        var checks = DatasetVerifier.VerifyAll(SharedData.Directory);

        Assert.Equal(["kddcup.data_10_percent.gz", "ann-train.data", "arrhythmia.data"], checks.Select(check => check.File.FileName));
        Assert.All(checks, check => Assert.True(check.Passed, string.Join("; ", check.Problems())));
    }

    [Fact]
    public void VerifyAll_groups_datasets_by_file()
    {
        using var folder = new TemporaryFolder();

        var checks = DatasetVerifier.VerifyAll(folder.Path);

        Assert.Equal([DatasetId.Kddcup99, DatasetId.Kddcup99Rev], checks[0].Datasets);
    }

    [Fact]
    public void Verify_missing_file_says_fetch()
    {
        using var folder = new TemporaryFolder();

        var check = DatasetVerifier.Verify(DatasetId.Thyroid, folder.Path);

        Assert.False(check.Exists);
        Assert.Equal(
            $"{Path.Combine(folder.Path, "ann-train.data")}: missing; download it with grid-client datasets fetch thyroid",
            Assert.Single(check.Problems()));
    }

    [Fact]
    public void Verify_corrupt_gzip_fails_checksum_and_parse()
    {
        using var folder = new TemporaryFolder();
        var content = File.ReadAllBytes(Path.Combine(SharedData.Directory, "kddcup.data_10_percent.gz"));
        // Overwrite a stretch in the middle of the deflate data; the gzip header stays intact.
        Array.Fill(content, (byte)0xAB, content.Length / 2, 4096);
        var path = Path.Combine(folder.Path, "kddcup.data_10_percent.gz");
        File.WriteAllBytes(path, content);

        var check = DatasetVerifier.Verify(DatasetId.Kddcup99, folder.Path);

        Assert.False(check.ChecksumMatches);
        Assert.NotNull(check.ParseError);
        var problems = check.Problems();
        Assert.Equal(2, problems.Count);
        Assert.StartsWith($"{path}: SHA-256 mismatch: expected 8045aca0d84e70e6", problems[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}: does not parse: kddcup.data_10_percent.gz: line ", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_changed_text_fails_checksum_only()
    {
        using var folder = new TemporaryFolder();
        var lines = File.ReadAllLines(Path.Combine(SharedData.Directory, "ann-train.data"));
        lines[0] = lines[0].Replace("0.73", "0.74", StringComparison.Ordinal);
        File.WriteAllLines(Path.Combine(folder.Path, "ann-train.data"), lines);

        var check = DatasetVerifier.Verify(DatasetId.Thyroid, folder.Path);

        Assert.False(check.ChecksumMatches);
        Assert.Null(check.ParseError);
    }
}
