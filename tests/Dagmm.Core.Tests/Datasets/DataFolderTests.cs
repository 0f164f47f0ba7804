using Dagmm.Core.Datasets;

namespace Dagmm.Core.Tests.Datasets;

public class DataFolderTests
{
    private const string Home = "/home/researcher";

    [Fact]
    public void Resolve_option_wins_over_environment()
    {
        Assert.Equal("/data/uci", DataFolder.Resolve("/data/uci", "/from/environment", Home));
    }

    [Fact]
    public void Resolve_without_option_uses_environment()
    {
        Assert.Equal("/from/environment", DataFolder.Resolve(null, "/from/environment", Home));
    }

    [Fact]
    public void Resolve_blank_option_uses_environment()
    {
        Assert.Equal("/from/environment", DataFolder.Resolve("  ", "/from/environment", Home));
    }

    [Fact]
    public void Resolve_without_settings_uses_cache()
    {
        Assert.Equal("/home/researcher/.cache/dagmm-grid/datasets", DataFolder.Resolve(null, "", Home));
    }

    [Fact]
    public void Resolve_relative_option_becomes_absolute()
    {
        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "raw"), DataFolder.Resolve("raw", null, Home));
    }

    [Fact]
    public void Resolve_public_option_returns_it()
    {
        Assert.Equal("/data/uci", DataFolder.Resolve("/data/uci"));
    }
}
