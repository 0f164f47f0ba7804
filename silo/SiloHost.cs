using System.Net;
using Dagmm.Grid.CommandLine;
using Dagmm.Grid.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Dagmm.Grid.Silo;

/// <summary>
/// The standalone silo: joins the Redis-clustered grid, trains leased runs in its slots, and runs
/// until SIGTERM or Ctrl+C, when it hands its in-flight runs back before it leaves the cluster.
/// Exit codes: 0 after a normal stop, 1 when the silo failed to start or stopped with an error,
/// 2 for invalid settings or an unreachable Redis server.
/// </summary>
internal static partial class SiloHost
{
    public const int ExitSuccess = 0;
    public const int ExitFailure = 1;
    public const int ExitInvalidInput = 2;

    private static readonly TimeSpan s_shutdownTimeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.Out.Write(UsageText);
            return ExitSuccess;
        }

        SiloSettings settings;
        try
        {
            settings = SiloSettings.Parse(args, Environment.GetEnvironmentVariable);

            // A results folder that refuses files would otherwise fail each run after its training.
            OutputLocations.PrepareFolder("--results", settings.ResultsDirectory);
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitInvalidInput;
        }

        using var host = Build(settings);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dagmm.Grid.Silo");
        try
        {
            await settings.Cluster.CheckReachableAsync(GridClusteringExtensions.ConnectTimeout);
        }
        catch (ClusterUnreachableException error)
        {
            LogRedisUnreachable(logger, settings.Cluster.ToString());
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitInvalidInput;
        }

        try
        {
            await host.StartAsync();
        }
        catch (OrleansConfigurationException error)
        {
            await Console.Error.WriteLineAsync($"error: invalid silo settings: {error.Message}");
            return ExitInvalidInput;
        }
        catch (Exception error)
        {
            LogStartFailed(logger, error, settings.Cluster.ToString());
            await Console.Error.WriteLineAsync($"error: the silo did not start: {settings.Cluster.Scrub(error.Message)}");
            return ExitFailure;
        }

        var silo = host.Services.GetRequiredService<ILocalSiloDetails>();
        LogStarted(
            logger,
            silo.SiloAddress.ToParsableString(),
            settings.Cluster.ToString(),
            settings.Slots,
            settings.RunsPerSlot,
            settings.AdvertisedAddress is null ? "loopback only" : "every interface",
            silo.GatewayAddress?.ToParsableString() ?? "none",
            settings.ResultsDirectory,
            settings.DataDirectory);
        await host.WaitForShutdownAsync();
        LogStopped(logger, silo.SiloAddress.ToParsableString());
        return ExitSuccess;
    }

    private static IHost Build(SiloSettings settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Information);

        // Orleans and its Polly pipelines log membership, connection and placement steps at
        // Information many times a minute; their warnings and errors still show.
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = s_shutdownTimeout);
        builder.UseOrleans(silo =>
        {
            if (settings.AdvertisedAddress is { } advertised)
            {
                silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(IPAddress.Loopback, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            }

            silo.UseGridRedisClustering(settings.Cluster)
                .AddDagmmGrid(options =>
                {
                    options.Slots = settings.Slots;
                    options.RunsPerSlot = settings.RunsPerSlot;
                    options.ResultsDirectory = settings.ResultsDirectory;
                    options.DataDirectory = settings.DataDirectory;
                    options.LeaseDuration = settings.LeaseDuration;
                    options.RenewInterval = settings.LeaseDuration / 4;
                    options.ResumeUnfinishedSweeps = true;
                });
        });
        return builder.Build();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo {Silo} started in cluster {Cluster}: {Slots} training slots of up to {RunsPerSlot} runs each, listening on {Listen}, gateway {Gateway}, results {Results}, data {Data}")]
    private static partial void LogStarted(ILogger logger, string silo, string cluster, int slots, int runsPerSlot, string listen, string gateway, string results, string data);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Silo {Silo} stopped")]
    private static partial void LogStopped(ILogger logger, string silo);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Redis at {Cluster} is not reachable; the silo does not start")]
    private static partial void LogRedisUnreachable(ILogger logger, string cluster);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Silo did not start in cluster {Cluster}")]
    private static partial void LogStartFailed(ILogger logger, Exception error, string cluster);

    private const string UsageText = """
        Dagmm.Grid.Silo: one silo of a Redis-clustered dagmm-grid

        usage:
          dotnet run --project silo -- --cluster redis://HOST:PORT [--slots N] [--runs-per-slot R]
                                       [--results DIR] [--data DIR] [--silo-port P] [--gateway-port G]
                                       [--advertise IP] [--lease-duration SECONDS]

        options (each also read from the environment variable in brackets; the option wins):
          --cluster URL         the Redis server of the cluster: redis://HOST:PORT, redis://:PASSWORD@HOST:PORT
                                or redis://USER:PASSWORD@HOST:PORT (port 6379 by default) [DAGMM_CLUSTER]
          --slots N             training threads, one core each (default: one per processor) [DAGMM_SLOTS]
          --runs-per-slot R     most runs of one configuration, differing only in seed, that one slot trains as
                                one batched model, 1 to 64 (default 5; 1 trains each run alone) [DAGMM_RUNS_PER_SLOT]
          --results DIR         results folder, the same shared folder on every silo (default ./results) [DAGMM_RESULTS]
          --data DIR            folder of the raw dataset files (default ~/.cache/dagmm-grid/datasets) [DAGMM_DATA]
          --silo-port P         port for silo-to-silo traffic (default 11111) [DAGMM_SILO_PORT]
          --gateway-port G      port for grid-client connections (default 30000) [DAGMM_GATEWAY_PORT]
          --advertise IP        address other machines reach this silo at, an IP or a host name; the silo then
                                listens on every interface. Without it, it listens on 127.0.0.1 only. [DAGMM_ADVERTISE]
          --lease-duration S    seconds a run stays leased to a silo that stops renewing it (default 60) [DAGMM_LEASE_DURATION]

        Orleans ports carry no authentication: keep them on a private network (docs/deployment.md).
        exit codes: 0 stopped normally, 1 failed, 2 invalid settings or Redis not reachable

        """;
}
