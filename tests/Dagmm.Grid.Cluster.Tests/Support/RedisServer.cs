namespace Dagmm.Grid.Cluster.Tests.Support;

/// <summary>
/// A redis-server on a free loopback port that keeps nothing on disk, started for one test and
/// killed when the test ends.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);

    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port, string? password)
    {
        _process = process;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    public string? Password { get; }

    /// <summary>The cluster address of this server, password included.</summary>
    public string Url => Password is null ? $"redis://127.0.0.1:{Port}" : $"redis://:{Password}@127.0.0.1:{Port}";

    /// <summary>Starts redis-server; with <paramref name="password"/>, clients must authenticate with it.</summary>
    public static async Task<RedisServer> StartAsync(string logPath, string? password = null)
    {
        var port = FreePorts.Take(1)[0];
        List<string> arguments = ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
        if (password is not null)
        {
            arguments.AddRange(["--requirepass", password]);
        }

        var process = ChildProcess.Start("redis", "redis-server", arguments, logPath);
        try
        {
            await process.WaitForLineAsync("Ready to accept connections", s_startTimeout);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new RedisServer(process, port, password);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
