using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Dagmm.Core.Tests.Support;

/// <summary>One request to a <see cref="LoopbackHttpServer"/> and the methods that respond to it.</summary>
public sealed class HttpExchange(int number, string path, IReadOnlyDictionary<string, string> headers, NetworkStream connection, CancellationToken stopping)
{
    private long _bodyBytesSent;

    /// <summary>1-based position of this request among all requests to the server.</summary>
    public int Number { get; } = number;

    /// <summary>Request path without the leading '/'.</summary>
    public string Path { get; } = path;

    public IReadOnlyDictionary<string, string> Headers { get; } = headers;

    /// <summary>Start of "Range: bytes=N-", or null when the request has no such header.</summary>
    public long? RangeStart =>
        Headers.TryGetValue("Range", out var range) && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-')
            ? long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture)
            : null;

    /// <summary>Body bytes written by the handler so far.</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    /// <summary>Cancelled when the server is disposed; a stalling handler waits on it.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public async Task SendAsync(int status, string reason, byte[] body)
    {
        await SendHeadersAsync(status, reason, body.Length);
        await WriteBodyAsync(body);
    }

    /// <summary>Writes the status line and headers, with Content-Length and Connection: close.</summary>
    public Task SendHeadersAsync(int status, string reason, long contentLength, string? contentRange = null) =>
        SendHeadAndBodyAsync(status, reason, contentLength, contentRange, ReadOnlyMemory<byte>.Empty);

    /// <summary>
    /// Writes the headers and the first body bytes in one write, so that a client with a short
    /// read timeout never waits between them, however busy the machine is.
    /// </summary>
    private async Task SendHeadAndBodyAsync(int status, string reason, long contentLength, string? contentRange, ReadOnlyMemory<byte> body)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n")
            .Append("Content-Type: application/octet-stream\r\n")
            .Append("Connection: close\r\n");
        if (contentRange is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Range: {contentRange}\r\n");
        }

        head.Append("\r\n");
        byte[] message = [.. Encoding.ASCII.GetBytes(head.ToString()), .. body.Span];
        await connection.WriteAsync(message, Stopping);
        await connection.FlushAsync(Stopping);
        Interlocked.Add(ref _bodyBytesSent, body.Length);
    }

    public async Task WriteBodyAsync(ReadOnlyMemory<byte> bytes)
    {
        await connection.WriteAsync(bytes, Stopping);
        await connection.FlushAsync(Stopping);
        Interlocked.Add(ref _bodyBytesSent, bytes.Length);
    }

    /// <summary>
    /// Responds with the file named by the request path in <paramref name="folder"/>, 404 when it is
    /// absent, and 206 from the requested offset when <paramref name="honourRange"/> is set.
    /// </summary>
    public async Task ServeFileAsync(string folder, bool honourRange)
    {
        var file = System.IO.Path.Combine(folder, Path);
        if (Path.Contains('/') || !File.Exists(file))
        {
            await SendAsync(404, "Not Found", Encoding.ASCII.GetBytes("not found"));
            return;
        }

        await SendContentAsync(await File.ReadAllBytesAsync(file, Stopping), honourRange);
    }

    /// <summary>Responds with <paramref name="content"/>, as 206 from the requested offset when asked and <paramref name="honourRange"/> is set.</summary>
    public async Task SendContentAsync(byte[] content, bool honourRange)
    {
        if (honourRange && RangeStart is { } start)
        {
            if (start >= content.Length)
            {
                await SendHeadersAsync(416, "Range Not Satisfiable", 0, $"bytes */{content.Length}");
                return;
            }

            await SendHeadersAsync(206, "Partial Content", content.Length - start, $"bytes {start}-{content.Length - 1}/{content.Length}");
            await WriteBodyAsync(content.AsMemory((int)start));
            return;
        }

        await SendAsync(200, "OK", content);
    }

    /// <summary>Announces the whole of <paramref name="content"/>, sends the first <paramref name="bytes"/> of it and closes the connection.</summary>
    public async Task SendTruncatedAsync(byte[] content, int bytes)
    {
        await SendHeadAndBodyAsync(200, "OK", content.Length, null, content.AsMemory(0, bytes));
        connection.Socket.Shutdown(SocketShutdown.Both);
    }

    /// <summary>Announces <paramref name="content"/>, sends the first <paramref name="bytes"/> and then sends nothing until the server stops.</summary>
    public async Task StallAsync(byte[] content, int bytes)
    {
        await SendHeadAndBodyAsync(200, "OK", content.Length, null, content.AsMemory(0, bytes));
        await Task.Delay(Timeout.Infinite, Stopping);
    }
}
