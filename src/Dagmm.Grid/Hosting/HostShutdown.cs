using Microsoft.Extensions.Hosting;

namespace Dagmm.Grid.Hosting;

/// <summary>Stops a host within a time limit and disposes it even when stopping fails or times out.</summary>
public static class HostShutdown
{
    public static async ValueTask StopAndDisposeAsync(this IHost host, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(host);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await host.StopAsync(cancellation.Token);
        }
        finally
        {
            host.Dispose();
        }
    }
}
