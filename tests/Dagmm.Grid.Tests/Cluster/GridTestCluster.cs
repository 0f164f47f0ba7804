using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.TestingHost;

namespace Dagmm.Grid.Tests.Cluster;

/// <summary>
/// A real Orleans test cluster whose silos run the grid with the real trainer on the shared dataset
/// mirror and a temporary results folder. Leases and progress run on short intervals so that
/// expiry and cancellation show within seconds.
/// </summary>
internal sealed class GridTestCluster : IAsyncDisposable
{
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan RenewInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private GridTestCluster(InProcessTestCluster cluster, string folder, string resultsDirectory)
    {
        Cluster = cluster;
        Folder = folder;
        ResultsDirectory = resultsDirectory;
        Store = new ResultStore(resultsDirectory);
    }

    public InProcessTestCluster Cluster { get; }

    /// <summary>The temporary folder of this cluster: results/ and silo.log.</summary>
    public string Folder { get; }

    public string ResultsDirectory { get; }

    /// <summary>A result store on the silos' results folder, for reading back what they wrote.</summary>
    public ResultStore Store { get; }

    public IGrainFactory Grains => Cluster.Client;

    public string LogPath => Path.Combine(Folder, "silo.log");

    public static async Task<GridTestCluster> StartAsync(short silos, int slotsPerSilo)
    {
        var folder = Directory.CreateTempSubdirectory("dagmm-grid-cluster-").FullName;
        var resultsDirectory = Path.Combine(folder, "results");
        var logger = new FileLoggerProvider(Path.Combine(folder, "silo.log"), LogLevel.Information);
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) => host.Logging.AddProvider(logger));
        builder.ConfigureSilo((_, silo) => silo.AddDagmmGrid(options =>
        {
            options.Slots = slotsPerSilo;
            options.ResultsDirectory = resultsDirectory;
            options.DataDirectory = SharedData.Directory;
            options.LeaseDuration = LeaseDuration;
            options.RenewInterval = RenewInterval;
            options.ProgressInterval = ProgressInterval;
            options.PollInterval = TimeSpan.FromMilliseconds(200);
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GridTestCluster(cluster, folder, resultsDirectory);
    }

    /// <summary>Parses <paramref name="json"/> with the real sweep parser and submits it to its coordinator.</summary>
    public async Task<SweepDefinition> SubmitAsync(string json)
    {
        var definition = SweepFile.Parse(json, "test-sweep.json");
        var submission = new SweepSubmission { Name = definition.Name, SourceJson = json, FileName = "test-sweep.json" };
        await Grains.GetSweepCoordinator(definition.Name).StartAsync(submission);
        return definition;
    }

    /// <summary>Polls the sweep's status until <paramref name="condition"/> holds; fails with the last status and the log's path on timeout.</summary>
    public async Task<SweepStatus> WaitForAsync(string sweepName, Func<SweepStatus, bool> condition, TimeSpan timeout)
    {
        var coordinator = Grains.GetSweepCoordinator(sweepName);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var status = await coordinator.GetStatusAsync();
            if (condition(status))
            {
                return status;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Sweep {sweepName} did not reach the expected state within {timeout}; last status {status}. Silo log: {LogPath}");
            }

            await Task.Delay(100);
        }
    }

    public Task<SweepStatus> WaitForEndAsync(string sweepName, TimeSpan timeout) =>
        WaitForAsync(sweepName, status => status.IsTerminal, timeout);

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();

        // A killed silo's leftover tasks can still append to silo.log while the folder is deleted,
        // so a failed delete is tried once more before the folder is left behind.
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            catch (IOException)
            {
                // The temporary folder is left behind.
            }
        }
    }
}
