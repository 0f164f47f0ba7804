using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace Dagmm.Grid.Hosting;

/// <summary>
/// One Orleans silo with the grid, hosted in this process with localhost clustering on free
/// loopback ports. It serves grid-client commands that run without a cluster. Nothing needs to be
/// installed or running beforehand.
/// </summary>
public sealed class InProcessGrid : IAsyncDisposable
{
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost _host;

    private InProcessGrid(IHost host, int siloPort, int gatewayPort)
    {
        _host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    /// <summary>The grain factory of the silo; grain calls made through it need no network hop.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public int SiloPort { get; }

    public int GatewayPort { get; }

    /// <summary>
    /// Starts the silo with the grid configured by <paramref name="configure"/>. Logging goes
    /// nowhere unless <paramref name="configureLogging"/> adds a provider. Throws
    /// <see cref="Orleans.Runtime.OrleansConfigurationException"/> naming the option when the options are invalid.
    /// </summary>
    public static async Task<InProcessGrid> StartAsync(
        Action<GridOptions> configure,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var (siloPort, gatewayPort) = PickFreePorts();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configureLogging?.Invoke(builder.Logging);

        builder.Services.AddSingleton<IHostLifetime, CommandOwnedLifetime>();
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort)
            .AddDagmmGrid(configure));

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new InProcessGrid(host, siloPort, gatewayPort);
    }

    /// <summary>Stops the silo; runs still training are stopped and handed back first.</summary>
    public ValueTask DisposeAsync() => _host.StopAndDisposeAsync(s_stopTimeout);

    // NOTE: another process can take a port between this check and the silo's bind. The silo then
    // fails to start with an address-in-use error, and running the command again picks new ports.
    private static (int SiloPort, int GatewayPort) PickFreePorts()
    {
        var silo = new TcpListener(IPAddress.Loopback, 0);
        var gateway = new TcpListener(IPAddress.Loopback, 0);
        silo.Start();
        gateway.Start();
        try
        {
            return (((IPEndPoint)silo.LocalEndpoint).Port, ((IPEndPoint)gateway.LocalEndpoint).Port);
        }
        finally
        {
            silo.Stop();
            gateway.Stop();
        }
    }
}
