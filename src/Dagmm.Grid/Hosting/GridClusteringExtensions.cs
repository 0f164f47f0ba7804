using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Dagmm.Grid.Hosting;

/// <summary>
/// Joins silos and clients to one grid cluster whose membership table lives in Redis. Silos and
/// clients configured with the same <see cref="RedisClusterAddress"/> find each other there.
/// </summary>
public static class GridClusteringExtensions
{
    /// <summary>The Orleans cluster id and service id of every grid; the Redis server, not the id, separates grids.</summary>
    public const string ClusterId = "dagmm-grid";

    /// <summary>How long a Redis connection attempt may take, at start-up and after a connection loss. 5 seconds.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    public static ISiloBuilder UseGridRedisClustering(this ISiloBuilder builder, RedisClusterAddress address)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(address);
        builder.Configure<ClusterOptions>(ConfigureIds);
        return builder.UseRedisClustering(options => options.ConfigurationOptions = address.CreateConfigurationOptions(ConnectTimeout));
    }

    public static IClientBuilder UseGridRedisClustering(this IClientBuilder builder, RedisClusterAddress address)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(address);
        builder.Configure<ClusterOptions>(ConfigureIds);
        return builder.UseRedisClustering(options => options.ConfigurationOptions = address.CreateConfigurationOptions(ConnectTimeout));
    }

    private static void ConfigureIds(ClusterOptions options)
    {
        options.ClusterId = ClusterId;
        options.ServiceId = ClusterId;
    }
}
