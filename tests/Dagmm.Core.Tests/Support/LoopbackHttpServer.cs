using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dagmm.Core.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, built on a raw socket so that a test
/// can make it misbehave: close a response half way, stall, ignore Range, or send other bytes.
/// Every response closes its connection, so each request arrives on a new one.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<HttpExchange, Task> _handler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<HttpExchange> _exchanges = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _requestCount;

    public LoopbackHttpServer(Func<HttpExchange, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>Requests received so far, in arrival order.</summary>
    public IReadOnlyList<HttpExchange> Exchanges => [.. _exchanges];

    /// <summary>Serves the files of <paramref name="folder"/> by name, honouring "Range: bytes=N-" with 206.</summary>
    public static LoopbackHttpServer ServingFolder(string folder) =>
        new(exchange => exchange.ServeFileAsync(folder, honourRange: true));

    /// <summary>Serves <paramref name="content"/> for every path, ignoring Range.</summary>
    public static LoopbackHttpServer Serving(byte[] content) =>
        new(exchange => exchange.SendAsync(200, "OK", content));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_connections)
            {
                _connections.Add(HandleAsync(client));
            }
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (path, headers) = await ReadRequestAsync(stream, _stopping.Token);
                var exchange = new HttpExchange(Interlocked.Increment(ref _requestCount), path, headers, stream, _stopping.Token);
                _exchanges.Enqueue(exchange);
                await _handler(exchange);
            }
            catch (Exception error) when (error is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the server is stopping; either ends this connection.
            }
        }
    }

    private static async Task<(string Path, Dictionary<string, string> Headers)> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1];
        while (received.Count < 4 || !(received[^4] == '\r' && received[^3] == '\n' && received[^2] == '\r' && received[^1] == '\n'))
        {
            if (await stream.ReadAsync(buffer, cancellationToken) == 0)
            {
                throw new IOException("the client closed the connection before the request ended");
            }

            received.Add(buffer[0]);
        }

        var lines = Encoding.ASCII.GetString([.. received]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var path = Uri.UnescapeDataString(lines[0].Split(' ')[1].TrimStart('/'));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return (path, headers);
    }
}
