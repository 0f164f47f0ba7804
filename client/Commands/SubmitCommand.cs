using Dagmm.Core.Datasets;
using Dagmm.Core.Training;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Spectre.Console;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client submit: validates a sweep file, runs it on an in-process silo with live progress on
/// standard error, and prints the summary table (or, with --json, one JSON document) on standard
/// output. Exits 0 when every run succeeded, 1 when a run failed or the sweep was cancelled, 2 on
/// invalid input. The first Ctrl+C cancels the sweep; a second one ends the process at once.
/// </summary>
public static class SubmitCommand
{
    private static readonly string[] s_valueOptions = ["--results", "--data", "--slots"];

    private static readonly string[] s_flagOptions = ["--json", "--offline"];

    private const int RedirectedTableWidth = 160;

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("submit", arguments, s_valueOptions, s_flagOptions);
        var sweepPath = parsed.SinglePositional("SWEEP.json");
        var slots = parsed.Integer("--slots", Environment.ProcessorCount, minimum: 1);
        if (slots > Environment.ProcessorCount)
        {
            // Each slot trains on one core; more slots than cores only shares the cores and multiplies memory.
            await Console.Error.WriteLineAsync(
                $"warning: --slots {slots} is more than the {Environment.ProcessorCount} cores of this machine; runs will share cores and each kddcup99 run holds about 0.5 GB");
        }

        var resultsDirectory = Path.GetFullPath(parsed.Value("--results") ?? "results");
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));
        var json = parsed.Flag("--json");
        var definition = LoadSweep(sweepPath, dataDirectory);
        await CheckDatasetsAsync(definition, dataDirectory, parsed.Flag("--offline"));
        await WriteBatchNotesAsync(definition, dataDirectory);
        using var submitLock = SweepFolderLock.Acquire(resultsDirectory, definition.Name);

        using var cancelRequested = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancelKey = (_, eventArgs) =>
        {
            // The first Ctrl+C cancels the sweep and waits for in-flight runs to stop; a second ends the process.
            eventArgs.Cancel = !cancelRequested.IsCancellationRequested;
            cancelRequested.Cancel();
        };
        Console.CancelKeyPress += onCancelKey;
        try
        {
            var log = new CollectedLog();
            SweepStatus status;
            await using (var grid = await StartGridAsync(slots, resultsDirectory, dataDirectory, log))
            {
                var submission = new SweepSubmission
                {
                    Name = definition.Name,
                    SourceJson = definition.SourceJson,
                    FileName = Path.GetFileName(sweepPath),
                };
                await grid.Grains.GetSweepCoordinator(definition.Name).StartAsync(submission);
                var watcher = new SweepWatcher(grid.Grains, definition.Name, cancelRequested.Token);
                status = await new SweepProgressDisplay().FollowAsync(watcher);
            }

            await WriteCollectedLogAsync(log);
            await WriteResultsAsync(definition, status, resultsDirectory, json);
            if (cancelRequested.IsCancellationRequested && status.State != SweepState.Completed)
            {
                return GridClient.ExitCancelled;
            }

            return status.State == SweepState.Completed && status.Failed == 0 ? GridClient.ExitSuccess : GridClient.ExitRunsFailed;
        }
        finally
        {
            Console.CancelKeyPress -= onCancelKey;
        }
    }

    private static SweepDefinition LoadSweep(string path, string dataDirectory)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"{path}: sweep file not found; give the path of a sweep file such as experiments/quick.json");
        }

        try
        {
            var definition = SweepFile.Load(path, dataDirectory);

            // The in-process silo shares this machine's files, so a table outside the data folder is fine here.
            SweepFile.CheckDataPaths(definition, Path.GetFileName(path), dataDirectory, cluster: false);
            return definition;
        }
        catch (SweepFileException error)
        {
            throw new UsageException(error.Message);
        }
    }

    /// <summary>
    /// Loads every dataset the sweep uses, so a missing or corrupt file stops the command before
    /// anything trains. The loaded data stays in the process-wide cache the silo's runs read from.
    /// </summary>
    // Fetches missing files (unless offline) and parses every dataset once, so bad data exits 2 before anything trains.
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

    /// <summary>Writes a note to standard error for each user's table whose batch size exceeds its training rows, because the trainer then uses one batch of all of them.</summary>
    private static async Task WriteBatchNotesAsync(SweepDefinition definition, string dataDirectory)
    {
        var clamped = definition.Runs
            .Select(run => run.Settings)
            .Where(settings => settings.CustomDataset is not null)
            .Select(settings => (settings.DatasetName, settings.BatchSize, TrainRows: TrainRowsOf(settings, dataDirectory)))
            .Where(run => run.BatchSize > run.TrainRows)
            .Distinct();
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

    private static async Task<InProcessGrid> StartGridAsync(int slots, string resultsDirectory, string dataDirectory, CollectedLog log)
    {
        try
        {
            return await InProcessGrid.StartAsync(
                options =>
                {
                    options.Slots = slots;
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

    private static async Task WriteResultsAsync(SweepDefinition definition, SweepStatus status, string resultsDirectory, bool json)
    {
        var store = new ResultStore(resultsDirectory);
        // Every run file of the sweep folder counts, as in summary.parquet, including runs of an
        // earlier version of the sweep file that the current one no longer lists.
        var runs = await store.ReadRunsAsync(definition.Name);
        var summary = ResultStore.Summarize(runs);
        var sweepFolder = store.SweepFolder(definition.Name);
        if (json)
        {
            await Console.Out.WriteLineAsync(SubmitJson.Serialize(status, sweepFolder, summary, runs));
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // A file or pipe has no width; keep the table from wrapping at the 80-column default.
            console.Profile.Width = RedirectedTableWidth;
        }

        SummaryTable.Write(console, summary);
        foreach (var failed in runs.Where(run => run.Status != RunRecord.StatusName(RunStatus.Succeeded)))
        {
            console.MarkupLine($"[red]failed[/] {Markup.Escape(failed.RunKey)}: {Markup.Escape(failed.Error ?? "no reason recorded")}");
        }

        if (status.State != SweepState.Completed)
        {
            console.MarkupLine($"[yellow]sweep {Markup.Escape(status.State.ToString().ToLowerInvariant())}[/]: {status.Finished} of {status.Total} runs finished");
        }

        await Console.Error.WriteLineAsync($"results: {sweepFolder}");
    }
}
