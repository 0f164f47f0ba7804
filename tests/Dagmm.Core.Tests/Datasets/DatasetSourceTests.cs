using Dagmm.Core.Datasets;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetSourceTests
{
    private static readonly DatasetFile Thyroid = DatasetCatalog.FileOf(DatasetId.Thyroid);

    [Fact]
    public void Canonical_address_is_catalog_address()
    {
        Assert.Equal(Thyroid.Address, DatasetSource.Canonical.AddressOf(Thyroid));
    }

    [Fact]
    public void Mirror_without_slash_appends_file_name()
    {
        var source = DatasetSource.Parse("http://127.0.0.1:8080/uci");

        Assert.Equal(new Uri("http://127.0.0.1:8080/uci/ann-train.data"), source.AddressOf(Thyroid));
    }

    [Fact]
    public void Mirror_with_slash_appends_file_name()
    {
        var source = DatasetSource.Parse("https://mirror.example/datasets/");

        Assert.Equal(new Uri("https://mirror.example/datasets/ann-train.data"), source.AddressOf(Thyroid));
    }

    [Fact]
    public void Parse_existing_folder_is_folder()
    {
        using var folder = new TemporaryFolder();

        var source = DatasetSource.Parse(folder.Path);

        Assert.Equal(folder.Path, source.FolderPath);
        Assert.Null(source.AddressOf(Thyroid));
        Assert.Equal(Path.Combine(folder.Path, "ann-train.data"), source.Describe(Thyroid));
    }

    [Fact]
    public void Parse_file_url_is_folder()
    {
        using var folder = new TemporaryFolder();

        var source = DatasetSource.Parse(new Uri(folder.Path).AbsoluteUri);

        Assert.Equal(folder.Path, source.FolderPath);
    }

    [Fact]
    public void Parse_missing_folder_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSource.Parse("/no/such/folder"));

        Assert.StartsWith("source folder /no/such/folder does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ftp_address_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSource.Parse("ftp://127.0.0.1/uci/"));

        Assert.StartsWith("source \"ftp://127.0.0.1/uci/\" uses the unsupported scheme ftp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_option_wins_over_environment()
    {
        var source = DatasetSource.Resolve("http://127.0.0.1:1/a/", "http://127.0.0.1:2/b/");

        Assert.Equal(new Uri("http://127.0.0.1:1/a/"), source.MirrorAddress);
    }

    [Fact]
    public void Resolve_environment_without_option()
    {
        var source = DatasetSource.Resolve(null, "http://127.0.0.1:2/b/");

        Assert.Equal(new Uri("http://127.0.0.1:2/b/"), source.MirrorAddress);
    }

    [Fact]
    public void Resolve_nothing_set_is_canonical()
    {
        Assert.True(DatasetSource.Resolve(" ", "").IsCanonical);
    }

    [Fact]
    public void Resolve_invalid_environment_names_variable()
    {
        var error = Assert.Throws<ArgumentException>(() => DatasetSource.Resolve(null, "/no/such/folder"));

        Assert.StartsWith("DAGMM_DATA_MIRROR: source folder /no/such/folder does not exist", error.Message, StringComparison.Ordinal);
    }
}
