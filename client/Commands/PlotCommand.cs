using Dagmm.Grid.Client.Figures;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client plot SWEEP [--out DIR] [--results DIR]: writes the figures of a finished sweep as PNG and
/// SVG (see <see cref="SweepFigures"/>) and prints their paths, one per line. SWEEP is the sweep's name,
/// the folder under the results folder, or the path of its sweep file. --results defaults to
/// <see cref="DefaultResultsFolder"/> in the current folder, --out to <c>&lt;results&gt;/&lt;sweep&gt;/figures</c>.
/// </summary>
public static class PlotCommand
{
    public const string DefaultResultsFolder = "results";

    public const string FiguresFolderName = "figures";

    public static Task<int> RunAsync(IReadOnlyList<string> arguments) => RunAsync(arguments, Console.Out, Console.Error);

    internal static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        var parsed = CommandArguments.Parse("plot", arguments, ["--out", "--results"], []);
        var sweep = SweepName(parsed.SinglePositional("sweep"));
        var store = new ResultStore(parsed.Value("--results") ?? DefaultResultsFolder);
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

        var runs = await store.ReadRunsAsync(sweep);
        SweepFigureData data;
        try
        {
            data = SweepFigureData.Create(sweep, runs);
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

        var outputFolder = parsed.Value("--out") ?? Path.Combine(sweepFolder, FiguresFolderName);
        foreach (var path in SweepFigures.Write(data, outputFolder))
        {
            await output.WriteLineAsync(path);
        }

        if (data.FailedRuns + data.CancelledRuns > 0)
        {
            await error.WriteLineAsync(
                $"note: {data.FailedRuns} failed and {data.CancelledRuns} cancelled runs of {sweep} are not plotted; the legends count them per series");
        }

        return GridClient.ExitSuccess;
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
