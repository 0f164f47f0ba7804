using Dagmm.Grid.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;

namespace Dagmm.Grid.Client.Cluster;

/// <summary>
/// An Orleans client connected to a Redis-clustered grid through the gateways of its silos. The
/// sweeps it starts or follows run on the silos, so disposing the connection stops none of them.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>How long the client keeps trying when Redis lists no silo that accepts a connection. 30 seconds.</summary>
    public static readonly TimeSpan GatewayWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly IHost _host;

    private ClusterConnection(IHost host, RedisClusterAddress address)
    {
        _host = host;
        Address = address;
    }

    public RedisClusterAddress Address { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>
    /// Checks that Redis replies to PING, then connects to a gateway that it lists, waiting up to
    /// <see cref="GatewayWait"/> for one to come up. Throws <see cref="ClusterUnreachableException"/>
    /// with the address (password masked) and the fix when either step fails.
    /// </summary>
    public static async Task<ClusterConnection> ConnectAsync(RedisClusterAddress address, TextWriter notices)
    {
        await address.CheckReachableAsync(GridClusteringExtensions.ConnectTimeout);
        var deadline = DateTimeOffset.UtcNow + GatewayWait;
        var noticeWritten = false;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());

        // SIGTERM ends a cluster command at once: the sweep belongs to the cluster, not to this process.
        builder.Services.AddSingleton<IHostLifetime, CommandOwnedLifetime>();
        builder.UseOrleansClient(client => client
            .UseGridRedisClustering(address)
            .UseConnectionRetryFilter(async (_, cancellationToken) =>
            {
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    return false;
                }

                if (!noticeWritten)
                {
                    noticeWritten = true;
                    await notices.WriteLineAsync($"waiting up to {GatewayWait.TotalSeconds:0} s for a silo of the cluster at {address}");
                }

                await Task.Delay(s_retryDelay, cancellationToken);
                return true;
            }));

        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            host.Dispose();
            throw new ClusterUnreachableException(
                $"no silo of the cluster at {address} accepted a connection within {GatewayWait.TotalSeconds:0} s ({address.Scrub(error.Message)}). "
                + "Start silos with dotnet run --project silo -- --cluster URL, and pass --advertise IP to silos on other machines.",
                error);
        }

        return new ClusterConnection(host, address);
    }

    /// <summary>Disconnects the client; the cluster's sweeps go on.</summary>
    public ValueTask DisposeAsync() => _host.StopAndDisposeAsync(s_stopTimeout);
}
