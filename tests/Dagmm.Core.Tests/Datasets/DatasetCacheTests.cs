using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetCacheTests
{
    [Fact]
    public void Get_twice_returns_same_instance()
    {
        var cache = new DatasetCache();

        var first = cache.Get(DatasetId.Thyroid, SharedData.Directory);
        var second = cache.Get(DatasetId.Thyroid, SharedData.Directory);

        Assert.Same(first, second);
    }

    [Fact]
    public void Get_equivalent_paths_share_entry()
    {
        var cache = new DatasetCache();

        var plain = cache.Get(DatasetId.Arrhythmia, SharedData.Directory);
        var withSeparator = cache.Get(DatasetId.Arrhythmia, SharedData.Directory + Path.DirectorySeparatorChar);

        Assert.Same(plain, withSeparator);
    }

    [Fact]
    public void Get_other_folder_loads_again()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(SharedData.Directory, "ann-train.data"), Path.Combine(folder.Path, "ann-train.data"));
        var cache = new DatasetCache();

        var mirror = cache.Get(DatasetId.Thyroid, SharedData.Directory);
        var copy = cache.Get(DatasetId.Thyroid, folder.Path);

        Assert.NotSame(mirror, copy);
    }

    [Fact]
    public async Task Get_concurrent_calls_load_once()
    {
        var cache = new DatasetCache();

        var results = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => cache.Get(DatasetId.Arrhythmia, SharedData.Directory))));

        Assert.All(results, data => Assert.Same(results[0], data));
    }

    [Fact]
    public void Get_after_missing_file_retries()
    {
        using var folder = new TemporaryFolder();
        var cache = new DatasetCache();

        Assert.Throws<DatasetFileException>(() => cache.Get(DatasetId.Thyroid, folder.Path));
        File.Copy(Path.Combine(SharedData.Directory, "ann-train.data"), Path.Combine(folder.Path, "ann-train.data"));
        var data = cache.Get(DatasetId.Thyroid, folder.Path);

        Assert.Equal(3_772, data.Rows);
    }

    [Fact]
    public void Get_reversed_kdd_shares_features()
    {
        var kddcup99 = DatasetCache.Shared.Get(DatasetId.Kddcup99, SharedData.Directory);
        var reversed = DatasetCache.Shared.Get(DatasetId.Kddcup99Rev, SharedData.Directory);

        Assert.Same(kddcup99.Features, reversed.Features);
        Assert.Same(kddcup99.FeatureNames, reversed.FeatureNames);
    }

    [Fact]
    public void Get_reversed_kdd_inverts_labels()
    {
        var kddcup99 = DatasetCache.Shared.Get(DatasetId.Kddcup99, SharedData.Directory);
        var reversed = DatasetCache.Shared.Get(DatasetId.Kddcup99Rev, SharedData.Directory);

        var rowsWithSameLabel = Enumerable.Range(0, kddcup99.Rows).Count(row => kddcup99.IsAnomaly[row] == reversed.IsAnomaly[row]);

        Assert.Equal(0, rowsWithSameLabel);
    }
}
