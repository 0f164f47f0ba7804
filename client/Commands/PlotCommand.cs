using Dagmm.Grid.Client.Figures;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client plot SWEEP [--out DIR] [--results DIR] [--threshold P [--anomaly-ratio R]]: writes the
/// figures of a finished sweep as PNG and SVG (see <see cref="SweepFigures"/>) and prints their paths,
/// one per line. SWEEP is the sweep's name, the folder under the results folder, or the path of its
/// sweep file. --results defaults to <see cref="DefaultResultsFolder"/> in the current folder, --out to
/// <c>&lt;results&gt;/&lt;sweep&gt;/figures</c>. With --threshold the metrics are recomputed from the
/// stored energies first, and --out defaults to <c>figures-&lt;protocol&gt;</c> beside it.
/// </summary>
public static class PlotCommand
{
    public const string DefaultResultsFolder = "results";

    public const string FiguresFolderName = "figures";

    public static Task<int> RunAsync(IReadOnlyList<string> arguments) => RunAsync(arguments, Console.Out, Console.Error);

    internal static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var parsed = CommandArguments.Parse("plot", arguments, ["--out", "--results", ThresholdOption.Name, ThresholdOption.AnomalyRatioName], []);
        var sweep = SweepName(parsed.SinglePositional("sweep"));
        var rescore = ThresholdOption.ParseRescore(parsed);
        var store = new ResultStore(parsed.Value("--results") ?? DefaultResultsFolder, new StandardErrorLogger<ResultStore>(ResultStore.RescoreEventIds));
        string sweepFolder;
        try
        {
            sweepFolder = store.SweepFolder(sweep);
        }
        catch (ArgumentException)
        {
            throw new UsageException(
                $"sweep: \"{sweep}\" is not a sweep name; pass the \"name\" of the sweep file (the folder under the results folder, letters, digits, '.', '_' and '-'), such as quick, or the path of an existing sweep file");
        }

        if (!Directory.Exists(sweepFolder))
        {
            throw new UsageException(
                $"sweep folder {sweepFolder} not found; run grid-client submit SWEEP.json --results {store.ResultsRoot} first, or pass --results DIR with the folder that contains {sweep}/");
        }

        var runs = rescore is null ? await store.ReadRunsAsync(sweep) : await RescoreAsync(store, sweep, rescore, error);
        SweepFigureData data;
        try
        {
            data = SweepFigureData.Create(sweep, runs);
            if (rescore is not null)
            {
                data = data with { Threshold = rescore.Description };
            }
        }
        catch (InvalidDataException invalid)
        {
            throw new UsageException($"{Path.Combine(sweepFolder, ResultStore.RunsFolderName)}: {invalid.Message}");
        }

        if (data.SucceededRuns == 0)
        {
            var runsFolder = Path.Combine(sweepFolder, ResultStore.RunsFolderName);
            throw new UsageException(
                $"{runsFolder} contains no succeeded run ({data.FailedRuns} failed, {data.CancelledRuns} cancelled); run grid-client submit SWEEP.json --results {store.ResultsRoot} first and plot once a run has succeeded");
        }

        var defaultFolderName = rescore is null ? FiguresFolderName : $"{FiguresFolderName}-{rescore.Name}";
        var outputFolder = parsed.Value("--out") ?? Path.Combine(sweepFolder, defaultFolderName);
        IReadOnlyList<string> written;
        try
        {
            written = SweepFigures.Write(data, outputFolder);
        }
        catch (Exception writeError) when (writeError is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write the figures to {Path.GetFullPath(outputFolder)} ({writeError.Message}); give a folder that can be created or written");
        }

        foreach (var path in written)
        {
            await output.WriteLineAsync(path);
        }

        if (SweepFolderLock.IsHeld(sweepFolder))
        {
            await error.WriteLineAsync(
                $"note: {sweep} is still running in a grid-client on this machine; the figures show the {data.SucceededRuns + data.FailedRuns + data.CancelledRuns} runs finished so far, so plot again once it ends");
        }

        if (data.FailedRuns + data.CancelledRuns > 0)
        {
            await error.WriteLineAsync(
                $"note: {data.FailedRuns} failed and {data.CancelledRuns} cancelled runs of {sweep} are not plotted; the legends count them per series");
        }

        return GridClient.ExitSuccess;
    }

    /// <summary>Returns the runs rescored under <paramref name="rescore"/>, after a warning for each run left out.</summary>
    private static async Task<IReadOnlyList<RunRecord>> RescoreAsync(ResultStore store, string sweep, RescoreRequest rescore, TextWriter error)
    {
        var rescored = await store.RescoreRunsAsync(sweep, rescore);
        foreach (var skipped in rescored.Skipped)
        {
            await error.WriteLineAsync($"warning: left out of the {rescore.Name} figures: {skipped}");
        }

        return rescored.Runs;
    }

    /// <summary>Returns the sweep name given on the command line, or the name inside the sweep file when a .json path is given.</summary>
    private static string SweepName(string argument)
    {
        if (argument.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(argument))
        {
            try
            {
                return SweepFile.Load(argument).Name;
            }
            catch (SweepFileException invalid)
            {
                throw new UsageException(invalid.Message);
            }
        }

        return argument;
    }
}
