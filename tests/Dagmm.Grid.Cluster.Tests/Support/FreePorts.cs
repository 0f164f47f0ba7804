using System.Net;
using System.Net.Sockets;

namespace Dagmm.Grid.Cluster.Tests.Support;

/// <summary>Picks free loopback TCP ports for the servers a test starts.</summary>
internal static class FreePorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports that were free a moment ago. All listeners are
    /// open at once, so the ports differ; another process can still take one before the server binds it.
    /// </summary>
    public static IReadOnlyList<int> Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToList();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
