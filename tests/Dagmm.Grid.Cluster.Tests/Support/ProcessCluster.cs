using System.Globalization;
using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Cluster.Tests.Support;

/// <summary>
/// A grid of real processes for one test: a redis-server, silos started from the built
/// Dagmm.Grid.Silo.dll with one training slot each, and grid-client processes, all on loopback and
/// sharing a temporary results folder. Disposing it kills every process it started and deletes the folder.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>Short leases, so a run of a killed silo returns to the sweep within seconds.</summary>
    public const int LeaseSeconds = 8;

    public static readonly TimeSpan SiloStartTimeout = TimeSpan.FromSeconds(90);

    public static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(3);

    private readonly List<ChildProcess> _processes = [];
    private readonly Dictionary<int, (int SiloPort, int GatewayPort)> _siloPorts = [];
    private readonly Dictionary<int, ChildProcess> _silos = [];
    private int _clientCount;

    private ProcessCluster(string folder, RedisServer redis)
    {
        Folder = folder;
        Redis = redis;
        Store = new ResultStore(ResultsDirectory);
    }

    public static string SiloPath { get; } = Path.Combine(AppContext.BaseDirectory, "Dagmm.Grid.Silo.dll");

    public static string ClientPath { get; } = Path.Combine(AppContext.BaseDirectory, "grid-client.dll");

    /// <summary>The temporary folder: results/, one log file per process, and sweep files.</summary>
    public string Folder { get; }

    public string ResultsDirectory => Path.Combine(Folder, "results");

    public RedisServer Redis { get; }

    public ResultStore Store { get; }

    /// <summary>Starts Redis (with <paramref name="password"/> when given) and <paramref name="silos"/> silos, and waits until every silo has joined.</summary>
    public static async Task<ProcessCluster> StartAsync(int silos, string? password = null)
    {
        var folder = Directory.CreateTempSubdirectory("dagmm-process-cluster-").FullName;
        RedisServer redis;
        try
        {
            redis = await RedisServer.StartAsync(Path.Combine(folder, "redis.log"), password);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        var cluster = new ProcessCluster(folder, redis);
        try
        {
            await cluster.StartSilosAsync(Enumerable.Range(1, silos));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return cluster;
    }

    /// <summary>The running process of silo <paramref name="index"/> (1-based).</summary>
    public ChildProcess Silo(int index) => _silos[index];

    public IReadOnlyCollection<ChildProcess> Silos => _silos.Values;

    /// <summary>Starts the given silos at once, each on the ports it had before, and waits until all have joined.</summary>
    public async Task StartSilosAsync(IEnumerable<int> indexes)
    {
        var started = indexes.Select(StartSilo).ToList();
        await Task.WhenAll(started.Select(silo => silo.WaitForLineAsync("started in cluster", SiloStartTimeout)));
    }

    /// <summary>Stops every silo with SIGTERM at once and returns their exit codes.</summary>
    public async Task<int[]> StopSilosAsync() =>
        await Task.WhenAll(_silos.Values.Where(silo => !silo.HasExited).Select(silo => silo.TerminateAsync(TimeSpan.FromSeconds(60))));

    /// <summary>Runs grid-client to its end with the cluster's address in --cluster.</summary>
    public async Task<ChildProcess> RunClientAsync(params string[] arguments)
    {
        var client = StartClient(arguments);
        await client.WaitForExitAsync(ClientTimeout);
        return client;
    }

    /// <summary>Starts grid-client with <paramref name="arguments"/> followed by --cluster and the cluster's address.</summary>
    public ChildProcess StartClient(params string[] arguments)
    {
        var index = Interlocked.Increment(ref _clientCount);
        var name = $"client {index}";
        var client = ChildProcess.StartDotnet(name, ClientPath, [.. arguments, "--cluster", Redis.Url], LogPath(name));
        _processes.Add(client);
        return client;
    }

    /// <summary>
    /// Writes a sweep file (see <see cref="WriteSweep"/>) and submits it with <c>submit --detach</c>;
    /// throws with the client's output when the submission fails.
    /// </summary>
    public async Task SubmitDetachedAsync(string name, int seeds, int epochs)
    {
        var submit = await RunClientAsync("submit", WriteSweep(name, seeds, epochs), "--detach");
        if (submit.ExitCode != 0)
        {
            throw new InvalidOperationException($"submit --detach of {name} exited with {submit.ExitCode}:\n{submit.Output}");
        }
    }

    /// <summary>Writes a sweep file of <paramref name="seeds"/> thyroid runs with the Gaussian mixture and returns its path.</summary>
    public string WriteSweep(string name, int seeds, int epochs)
    {
        var path = Path.Combine(Folder, $"{name}.json");
        var sweep = new { name, datasets = new[] { "thyroid" }, mixtures = new[] { "gaussian" }, seeds, overrides = new { epochs } };
        File.WriteAllText(path, JsonSerializer.Serialize(sweep));
        return path;
    }

    /// <summary>Waits until summary.parquet of the sweep exists, which the coordinator writes when the last run ended.</summary>
    public async Task WaitForSummaryAsync(string sweepName, TimeSpan timeout)
    {
        var path = Path.Combine(Store.SweepFolder(sweepName), ResultStore.SummaryFileName);
        await WaitUntilAsync(() => File.Exists(path), $"{path} to exist", timeout);
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms; fails with the silos' output when it does not hold within <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string description, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                var output = string.Join("\n", _silos.Values.Select(silo => $"--- {silo.Name}\n{silo.Output}"));
                throw new TimeoutException($"waited {timeout} for {description}. Silo output:\n{output}");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Redis.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold a file for a moment; the temporary folder is left behind.
        }
    }

    private ChildProcess StartSilo(int index)
    {
        if (!_siloPorts.TryGetValue(index, out var ports))
        {
            var taken = FreePorts.Take(2);
            ports = (taken[0], taken[1]);
            _siloPorts[index] = ports;
        }

        var name = $"silo {index}";
        var silo = ChildProcess.StartDotnet(
            name,
            SiloPath,
            [
                "--cluster", Redis.Url,
                "--slots", "1",
                "--results", ResultsDirectory,
                "--data", SharedData.Directory,
                "--silo-port", ports.SiloPort.ToString(CultureInfo.InvariantCulture),
                "--gateway-port", ports.GatewayPort.ToString(CultureInfo.InvariantCulture),
                "--lease-duration", LeaseSeconds.ToString(CultureInfo.InvariantCulture),
            ],
            LogPath(name));
        _processes.Add(silo);
        _silos[index] = silo;
        return silo;
    }

    private string LogPath(string processName) => Path.Combine(Folder, processName.Replace(' ', '-') + ".log");
}
