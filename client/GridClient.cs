using Dagmm.Core.Training;
using Dagmm.Grid.Client.Commands;

namespace Dagmm.Grid.Client;

/// <summary>
/// Entry point of grid-client: picks the command, runs it, and maps failures to exit codes
/// (0 success, 1 runs failed, 2 invalid input or a missing prerequisite).
/// </summary>
public static class GridClient
{
    public const int ExitSuccess = 0;
    public const int ExitRunsFailed = 1;
    public const int ExitInvalidInput = 2;

    private static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<string>, Task<int>>> s_commands =
        new Dictionary<string, Func<IReadOnlyList<string>, Task<int>>>(StringComparer.Ordinal)
        {
            ["train"] = TrainCommand.RunAsync,
            ["score"] = ScoreCommand.RunAsync,
            ["datasets"] = DatasetsCommand.RunAsync,
            ["submit"] = SubmitCommand.RunAsync,
            ["plot"] = PlotCommand.RunAsync,
        };

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(UsageText);
            return args.Length == 0 ? ExitInvalidInput : ExitSuccess;
        }

        if (!s_commands.TryGetValue(args[0], out var command))
        {
            await Console.Error.WriteLineAsync(
                $"error: unknown command \"{args[0]}\"; expected one of {string.Join(", ", s_commands.Keys)}. Run grid-client --help.");
            return ExitInvalidInput;
        }

        try
        {
            return await command(args[1..]);
        }
        catch (UsageException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitInvalidInput;
        }
        catch (NativeLibraryException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitInvalidInput;
        }
    }

    private const string UsageText = """
        grid-client: DAGMM anomaly-detection experiments on an Orleans grid

        usage:
          grid-client submit SWEEP.json [--results DIR] [--data DIR] [--offline] [--slots N] [--json]
          grid-client train --dataset ID --mixture FAMILY [--nu 4|learned] [--seed N] [--epochs N]
                            [--threshold PROTOCOL] [--data DIR] [--offline] [--save DIR] [--json]
          grid-client score --model DIR --out FILE.parquet [--data DIR]
          grid-client datasets list [--data DIR] [--json]
          grid-client datasets fetch [ID...] [--from DIR|URL] [--data DIR] [--timeout SECONDS] [--attempts N]
          grid-client datasets verify [--data DIR] [--json]
          grid-client datasets inspect FILE.csv|FILE.parquet [--label COLUMN] [--json]
          grid-client plot SWEEP [--out DIR] [--results DIR]

        datasets:   kddcup99, kddcup99-rev, thyroid, arrhythmia
        mixtures:   gaussian, laplace, student-t
        thresholds: pooled-ratio (default), test-ratio, train-quantile, oracle-count
        data folder: --data DIR, else $DAGMM_DATA, else ~/.cache/dagmm-grid/datasets
        downloads:   --from DIR|URL, else $DAGMM_DATA_MIRROR, else the canonical UCI addresses;
                     train downloads a missing file first unless --offline is given

        exit codes: 0 success, 1 runs failed, 2 invalid input

        """;
}
