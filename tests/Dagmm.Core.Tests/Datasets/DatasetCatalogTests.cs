using System.Security.Cryptography;
using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetCatalogTests
{
    [Theory]
    [InlineData(DatasetId.Kddcup99, "kddcup.data_10_percent.gz")]
    [InlineData(DatasetId.Kddcup99Rev, "kddcup.data_10_percent.gz")]
    [InlineData(DatasetId.Thyroid, "ann-train.data")]
    [InlineData(DatasetId.Arrhythmia, "arrhythmia.data")]
    public void FileOf_names_uci_file(DatasetId id, string fileName)
    {
        Assert.Equal(fileName, DatasetCatalog.FileOf(id).FileName);
    }

    [Theory]
    [InlineData(DatasetId.Kddcup99, "8045aca0d84e70e6")]
    [InlineData(DatasetId.Kddcup99Rev, "8045aca0d84e70e6")]
    [InlineData(DatasetId.Thyroid, "3da53a156bda36cb")]
    [InlineData(DatasetId.Arrhythmia, "a7f0f4ca289a4c58")]
    public void FileOf_hash_starts_as_published(DatasetId id, string prefix)
    {
        var hash = DatasetCatalog.FileOf(id).Sha256;

        Assert.Equal(64, hash.Length);
        Assert.StartsWith(prefix, hash, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatasetId.Kddcup99)]
    [InlineData(DatasetId.Thyroid)]
    [InlineData(DatasetId.Arrhythmia)]
    public void FileOf_hash_matches_mirror_file(DatasetId id)
    {
        var file = DatasetCatalog.FileOf(id);
        var content = File.ReadAllBytes(Path.Combine(SharedData.Directory, file.FileName));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256);
    }

    [Theory]
    [InlineData(DatasetId.Kddcup99, "http://kdd.ics.uci.edu/databases/kddcup99/kddcup.data_10_percent.gz")]
    [InlineData(DatasetId.Thyroid, "https://archive.ics.uci.edu/ml/machine-learning-databases/thyroid-disease/ann-train.data")]
    [InlineData(DatasetId.Arrhythmia, "https://archive.ics.uci.edu/ml/machine-learning-databases/arrhythmia/arrhythmia.data")]
    public void FileOf_address_is_canonical(DatasetId id, string address)
    {
        Assert.Equal(new Uri(address), DatasetCatalog.FileOf(id).Address);
    }
}
