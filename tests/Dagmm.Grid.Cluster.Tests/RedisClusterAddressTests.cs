using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Cluster.Tests;

public sealed class RedisClusterAddressTests
{
    [Fact]
    public void Address_host_and_port_parsed()
    {
        var address = RedisClusterAddress.Parse("redis://redis.internal:6380", "--cluster");

        Assert.Equal("redis.internal", address.Host);
        Assert.Equal(6380, address.Port);
        Assert.Null(address.User);
        Assert.False(address.HasPassword);
        Assert.Equal(0, address.Database);
    }

    [Fact]
    public void Address_without_port_uses_6379()
    {
        var address = RedisClusterAddress.Parse("redis://10.0.0.5", "--cluster");

        Assert.Equal(6379, address.Port);
        Assert.Equal("redis://10.0.0.5:6379", address.ToString());
    }

    [Fact]
    public void Address_password_masked_in_text()
    {
        var address = RedisClusterAddress.Parse("redis://:p%40ss@127.0.0.1:7000/2", "--cluster");

        Assert.True(address.HasPassword);
        Assert.Equal(2, address.Database);
        Assert.Equal("redis://:***@127.0.0.1:7000/2", address.ToString());
        Assert.Equal("p@ss", address.CreateConfigurationOptions(TimeSpan.FromSeconds(1)).Password);
    }

    [Fact]
    public void Address_user_and_password_parsed()
    {
        var address = RedisClusterAddress.Parse("redis://grid:secret@host:6379", "--cluster");

        Assert.Equal("grid", address.User);
        Assert.Equal("redis://grid:***@host:6379", address.ToString());
        Assert.Equal("failed with *** inside", address.Scrub("failed with secret inside"));
    }

    [Fact]
    public void Address_ipv6_literal_parsed()
    {
        var address = RedisClusterAddress.Parse("redis://[::1]:6390", "--cluster");

        Assert.Equal("::1", address.Host);
        Assert.Equal(6390, address.Port);
        Assert.Equal("redis://[::1]:6390", address.ToString());
    }

    [Theory]
    [InlineData("127.0.0.1:6379", "--cluster: the cluster address has no redis:// scheme")]
    [InlineData("rediss://host:6379", "--cluster: the cluster address has the scheme \"rediss\", which is not supported")]
    [InlineData("redis://host:0", "--cluster: port \"0\" is invalid")]
    [InlineData("redis://host:http", "--cluster: port \"http\" is invalid")]
    [InlineData("redis://:6379", "--cluster: the host is missing")]
    [InlineData("redis://secret@host:6379", "--cluster: the credentials before '@' need a colon")]
    [InlineData("redis://host:6379/99", "--cluster: database \"99\" after the address is invalid")]
    public void Address_invalid_text_rejected(string text, string expectedStart)
    {
        var error = Assert.Throws<UsageException>(() => RedisClusterAddress.Parse(text, "--cluster"));

        Assert.StartsWith(expectedStart, error.Message);
    }

    [Fact]
    public void Address_error_hides_password()
    {
        var error = Assert.Throws<UsageException>(() => RedisClusterAddress.Parse("redis://:topsecret@host:99999", "DAGMM_CLUSTER"));

        Assert.StartsWith("DAGMM_CLUSTER: port \"99999\" is invalid", error.Message);
        Assert.DoesNotContain("topsecret", error.Message);
    }
}
