using Dagmm.Core.Training;
using Dagmm.Grid.Client.Commands;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Client;

/// <summary>
/// Entry point of grid-client: picks the command, runs it, and maps failures to exit codes
/// (0 success, 1 runs failed, 2 invalid input, a missing prerequisite or an unreachable cluster).
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
            ["status"] = StatusCommand.RunAsync,
            ["results"] = ResultsCommand.RunAsync,
            ["runs"] = RunsCommand.RunAsync,
            ["list"] = ListCommand.RunAsync,
            ["cancel"] = CancelCommand.RunAsync,
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
        catch (ClusterUnreachableException error)
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
          grid-client submit SWEEP.json [--results DIR] [--data DIR] [--slots N] [--json]
          grid-client submit SWEEP.json --cluster URL [--detach | --json]
          grid-client status SWEEP [--cluster URL | --results DIR] [--watch] [--json]
          grid-client results SWEEP [--cluster URL | --results DIR] [--json]
          grid-client runs SWEEP [--cluster URL | --results DIR] [--json]
          grid-client list [--cluster URL | --results DIR] [--json]
          grid-client cancel SWEEP --cluster URL
          grid-client train --dataset ID --mixture FAMILY [--nu 4|learned] [--seed N] [--epochs N]
                            [--threshold PROTOCOL] [--data DIR] [--save DIR] [--json]
          grid-client score --model DIR --out FILE.parquet [--data DIR]
          grid-client datasets list [--data DIR] [--json]
          grid-client plot SWEEP [--out DIR] [--results DIR]

        datasets:   kddcup99, kddcup99-rev, thyroid, arrhythmia
        mixtures:   gaussian, laplace, student-t
        thresholds: pooled-ratio (default), test-ratio, train-quantile, oracle-count
        data folder: --data DIR, else $DAGMM_DATA, else ~/.cache/dagmm-grid/datasets
        cluster:    --cluster redis://[:PASSWORD@]HOST:PORT, else $DAGMM_CLUSTER; without one, submit runs
                    an in-process silo and status, results, runs and list read --results DIR (default ./results)

        exit codes: 0 success, 1 runs failed, 2 invalid input

        """;
}
