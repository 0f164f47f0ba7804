using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Training;
using Dagmm.Grid.Client.Cluster;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client submit: validates a sweep file and runs it with live progress on standard error,
/// then prints the summary table (or, with --json, one JSON document) on standard output. Without
/// a cluster it starts an in-process silo, and the first Ctrl+C cancels the sweep while a second one
/// ends the process at once. With --cluster (or DAGMM_CLUSTER) the sweep runs on the cluster's
/// silos: the client only follows it, Ctrl+C or a lost client leaves it running, and --detach
/// returns right after the submission. Exits 0 when every run succeeded (or after a detach), 1 when
/// a run failed or the sweep was cancelled in the cluster, 2 on invalid input, 130 when Ctrl+C
/// cancelled an in-process sweep. With --threshold PROTOCOL the finished runs (reused or new) are
/// rescored under that protocol from their stored energies, and the summary names it.
/// </summary>
public static class SubmitCommand
{
    private static readonly string[] s_valueOptions = [RedisClusterAddress.OptionName, "--results", "--data", "--slots", "--runs-per-slot", ThresholdOption.Name, ThresholdOption.AnomalyRatioName];

    private static readonly string[] s_flagOptions = ["--json", "--offline", "--detach"];

    private static readonly string[] s_inProcessOptions = ["--results", "--data", "--slots", "--runs-per-slot"];

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("submit", arguments, s_valueOptions, s_flagOptions);
        var sweepPath = parsed.SinglePositional("SWEEP.json");
        ThresholdOption.ParseRescore(parsed);
        var cluster = RedisClusterAddress.FromArguments(parsed);
        if (cluster is not null)
        {
            return await SubmitToClusterAsync(parsed, sweepPath, cluster);
        }

        if (parsed.Flag("--detach"))
        {
            throw new UsageException(
                $"--detach: needs a cluster, because the in-process silo stops with this command; pass {RedisClusterAddress.OptionName} redis://HOST:PORT or set {RedisClusterAddress.EnvironmentVariable}");
        }

        return await SubmitInProcessAsync(parsed, sweepPath);
    }

    private static async Task<int> SubmitInProcessAsync(CommandArguments parsed, string sweepPath)
    {
        var slots = parsed.Integer("--slots", Environment.ProcessorCount, minimum: 1, maximum: GridOptions.MaximumSlots);
        if (slots > Environment.ProcessorCount)
        {
            // Each slot trains on one core; more slots than cores only shares the cores and multiplies memory.
            await Console.Error.WriteLineAsync(
                $"warning: --slots {slots} is more than the {Environment.ProcessorCount} cores of this machine; runs will share cores and each kddcup99 run holds about 0.5 GB");
        }

        var runsPerSlot = parsed.Integer("--runs-per-slot", GridOptions.DefaultRunsPerSlot, minimum: 1, maximum: GridOptions.MaximumRunsPerSlot);
        var resultsDirectory = Path.GetFullPath(parsed.Value("--results") ?? SweepSources.DefaultResultsFolder);
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));
        var definition = LoadSweep(sweepPath, dataDirectory, cluster: false);
        await CheckDatasetsAsync(definition, dataDirectory, parsed.Flag("--offline"));
        await CheckTrainingRowsAsync(definition, dataDirectory);
        using var submitLock = SweepFolderLock.Acquire(resultsDirectory, definition.Name);

        // The first Ctrl+C or SIGTERM cancels the sweep: finished runs are kept and in-flight runs stop.
        using var signals = new TerminationSignals();
        var log = new CollectedLog();
        SweepStatus status;
        await using (var grid = await StartGridAsync(slots, runsPerSlot, resultsDirectory, dataDirectory, log))
        {
            await grid.Grains.GetSweepCoordinator(definition.Name).StartAsync(CreateSubmission(definition, sweepPath));
            var watcher = new SweepWatcher(grid.Grains, definition.Name, signals.Token);
            status = await new SweepProgressDisplay().FollowAsync(watcher);
        }

        await WriteCollectedLogAsync(log);
        if (signals.IsCancellationRequested && status.State != SweepState.Completed)
        {
            await WriteReportAsync(new FolderSweepSource(resultsDirectory, dataDirectory), status, rescore: null, parsed.Flag("--json"));
            return signals.ExitCode;
        }

        var saved = await WriteReportAsync(new FolderSweepSource(resultsDirectory, dataDirectory), status, ThresholdOption.ParseRescore(parsed), parsed.Flag("--json"));
        return saved ? ExitCode(status) : GridClient.ExitInvalidInput;
    }

    /// <summary>
    /// Prints the sweep's report, rescored under <paramref name="rescore"/> when it is given. Returns
    /// false when the rescored summary file could not be written.
    /// </summary>
    private static async Task<bool> WriteReportAsync(ISweepSource source, SweepStatus status, RescoreRequest? rescore, bool json)
    {
        var overview = SweepOverview.FromStatus(status);
        if (rescore is not null)
        {
            var (rescoredFolder, rescored) = await source.RescoreAsync(status.Name, rescore);
            return await SweepReport.WriteRescoredAsync(overview, rescoredFolder, rescored, json);
        }

        var (sweepFolder, runs) = await source.GetRecordsAsync(status.Name);
        await SweepReport.WriteAsync(overview, sweepFolder, runs, json);
        return true;
    }

    // The --cluster part of a follow-up command. It is empty when DAGMM_CLUSTER named the cluster,
    // because the next command reads it too, and a placeholder URL when the address contains a password.
    private static string ClusterOption(CommandArguments parsed, RedisClusterAddress cluster) =>
        parsed.Value(RedisClusterAddress.OptionName) is not { } text ? ""
        : cluster.HasPassword ? $" {RedisClusterAddress.OptionName} URL"
        : $" {RedisClusterAddress.OptionName} {text}";

    private static async Task<int> SubmitToClusterAsync(CommandArguments parsed, string sweepPath, RedisClusterAddress cluster)
    {
        var inProcessOption = s_inProcessOptions.FirstOrDefault(option => parsed.Value(option) is not null);
        if (inProcessOption is not null)
        {
            throw new UsageException(
                $"{inProcessOption}: applies to the in-process silo only; with {RedisClusterAddress.OptionName}, each silo has its own (dotnet run --project silo -- --help)");
        }

        var json = parsed.Flag("--json");
        var detach = parsed.Flag("--detach");
        if (detach && ThresholdOption.ParseRescore(parsed) is not null)
        {
            throw new UsageException(
                $"{ThresholdOption.Name}: with --detach there is nothing to rescore yet; drop {ThresholdOption.Name}, and rescore the finished sweep with grid-client results SWEEP {ThresholdOption.Name} PROTOCOL");
        }

        if (json && detach)
        {
            throw new UsageException("--json: with --detach there are no results yet; drop --json, and read them later with grid-client results SWEEP --json");
        }

        var definition = LoadSweep(sweepPath, DataFolder.Resolve(null), cluster: true);
        await using var connection = await ClusterConnection.ConnectAsync(cluster, Console.Error);
        var coordinator = connection.Grains.GetSweepCoordinator(definition.Name);
        SweepStatus submitted;
        try
        {
            submitted = await coordinator.StartAsync(CreateSubmission(definition, sweepPath));
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException or SweepFileException)
        {
            throw new UsageException(error.Message);
        }

        if (detach)
        {
            await Console.Out.WriteLineAsync(definition.Name);
            await Console.Error.WriteLineAsync(
                $"submitted sweep {definition.Name}: {submitted.Total} runs, {submitted.Reused} reused; follow it with grid-client status {definition.Name}{ClusterOption(parsed, cluster)} --watch");
            return GridClient.ExitSuccess;
        }

        using var detachRequested = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancelKey = (_, eventArgs) =>
        {
            // The sweep belongs to the cluster: Ctrl+C stops following it, and grid-client cancel stops it.
            eventArgs.Cancel = true;
            detachRequested.Cancel();
        };
        Console.CancelKeyPress += onCancelKey;
        try
        {
            var watcher = new SweepWatcher(connection.Grains, definition.Name, CancellationToken.None);
            var status = await new SweepProgressDisplay().FollowAsync(watcher, detachRequested.Token);
            if (!status.IsTerminal)
            {
                await Console.Error.WriteLineAsync(
                    $"stopped following sweep {definition.Name}; it goes on in the cluster. Follow it with grid-client status {definition.Name}{ClusterOption(parsed, cluster)} --watch, stop it with grid-client cancel {definition.Name}{ClusterOption(parsed, cluster)}");
                return GridClient.ExitSuccess;
            }

            var saved = await WriteReportAsync(new ClusterSweepSource(connection), status, ThresholdOption.ParseRescore(parsed), json);
            return saved ? ExitCode(status) : GridClient.ExitInvalidInput;
        }
        finally
        {
            Console.CancelKeyPress -= onCancelKey;
        }
    }

    /// <summary>Returns 0 for a completed sweep without failed runs, 1 otherwise.</summary>
    internal static int ExitCode(SweepStatus status) =>
        status.State == SweepState.Completed && status.Failed == 0 ? GridClient.ExitSuccess : GridClient.ExitRunsFailed;

    private static SweepSubmission CreateSubmission(SweepDefinition definition, string sweepPath) => new()
    {
        Name = definition.Name,
        SourceJson = definition.SourceJson,
        FileName = Path.GetFileName(sweepPath),
    };

    // The in-process silo shares this machine's files, so a table outside the data folder is fine
    // there. A cluster's silos read only their own data folder.
    private static SweepDefinition LoadSweep(string path, string dataDirectory, bool cluster)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: sweep file not found; give the path of a sweep file such as experiments/quick.json");
        }

        try
        {
            var definition = SweepFile.Load(path, dataDirectory);
            SweepFile.CheckDataPaths(definition, Path.GetFileName(path), dataDirectory, cluster);
            return definition;
        }
        catch (SweepFileException error)
        {
            throw new UsageException(error.Message);
        }
    }

    /// <summary>
    /// Fetches missing benchmark files (unless offline) and loads every dataset the sweep uses, so a
    /// missing or corrupt file stops the command before anything trains. The loaded data stays in
    /// the process-wide cache the silo's runs read from.
    /// </summary>
    private static async Task CheckDatasetsAsync(SweepDefinition definition, string dataDirectory, bool offline)
    {
        // Users' tables were read while the sweep file was parsed, so only benchmarks remain to check.
        foreach (var dataset in definition.Runs.Select(run => run.Settings.Dataset).Where(id => id != DatasetId.Custom).Distinct())
        {
            await DatasetFetching.EnsureAvailableAsync(dataset, dataDirectory, offline);
            try
            {
                DatasetCache.Shared.Get(dataset, dataDirectory);
            }
            catch (Exception error) when (error is DatasetFileException or DatasetFormatException)
            {
                throw new UsageException(error.Message);
            }
        }
    }

    /// <summary>
    /// Rejects a user's table whose training split has fewer than two rows, and writes a note to
    /// standard error for each one whose batch size exceeds its training rows, because the trainer
    /// then uses one batch of all of them.
    /// </summary>
    /// <exception cref="UsageException">A table is too small to train on.</exception>
    private static async Task CheckTrainingRowsAsync(SweepDefinition definition, string dataDirectory)
    {
        var custom = definition.Runs
            .Select(run => run.Settings)
            .Where(settings => settings.CustomDataset is not null)
            .Select(settings => (settings.DatasetName, settings.BatchSize, TrainRows: TrainRowsOf(settings, dataDirectory)))
            .Distinct()
            .ToList();
        if (custom.FirstOrDefault(run => run.TrainRows < PreparedData.MinimumTrainRows) is { DatasetName: not null } tooSmall)
        {
            throw new UsageException(
                $"dataset {tooSmall.DatasetName}: its training split has {tooSmall.TrainRows} rows (half of its normal rows), and training needs at least {PreparedData.MinimumTrainRows}; add normal rows to the table");
        }

        var clamped = custom.Where(run => run.BatchSize > run.TrainRows);
        foreach (var (name, batchSize, trainRows) in clamped)
        {
            await Console.Error.WriteLineAsync(
                $"note: dataset {name} has {trainRows} training rows, fewer than batchSize {batchSize}, so each epoch trains on one batch of {trainRows} rows");
        }
    }

    // Half of the normal rows train, as DataSplit rounds it.
    private static int TrainRowsOf(RunSettings settings, string dataDirectory)
    {
        var summary = DagmmRunner.LoadDataset(settings, dataDirectory).Describe();
        return (summary.Rows - summary.Anomalies) / 2;
    }

    private static async Task<InProcessGrid> StartGridAsync(int slots, int runsPerSlot, string resultsDirectory, string dataDirectory, CollectedLog log)
    {
        try
        {
            return await InProcessGrid.StartAsync(
                options =>
                {
                    options.Slots = slots;
                    options.RunsPerSlot = runsPerSlot;
                    options.ResultsDirectory = resultsDirectory;
                    options.DataDirectory = dataDirectory;
                },
                logging => logging.AddProvider(log));
        }
        catch (OrleansConfigurationException error)
        {
            throw new UsageException(error.Message);
        }
    }

    private static async Task WriteCollectedLogAsync(CollectedLog log)
    {
        foreach (var line in log.Lines)
        {
            await Console.Error.WriteLineAsync(line);
        }

        if (log.Dropped > 0)
        {
            await Console.Error.WriteLineAsync($"... and {log.Dropped} more warnings and errors");
        }
    }
}
