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

    /// <summary>The sweep was cancelled with Ctrl+C; 128 + SIGINT, as shells report an interrupted command.</summary>
    public const int ExitCancelled = 130;

    /// <summary>The sweep was cancelled by SIGTERM (kill, timeout, docker stop); 128 + SIGTERM.</summary>
    public const int ExitTerminated = 143;

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

        if (CommandArguments.AsksForHelp(args[1..]))
        {
            Console.Out.Write(UsageText);
            return ExitSuccess;
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
          grid-client submit SWEEP.json [--results DIR] [--data DIR] [--offline] [--slots N] [--runs-per-slot R] [--threshold P [--anomaly-ratio R]] [--json]
          grid-client submit SWEEP.json --cluster URL [--threshold P [--anomaly-ratio R]] [--detach | --json]
          grid-client status SWEEP [--cluster URL | --results DIR [--data DIR]] [--watch] [--json]
          grid-client results SWEEP [--cluster URL | --results DIR [--data DIR]] [--threshold P [--anomaly-ratio R]] [--json]
          grid-client runs SWEEP [--cluster URL | --results DIR [--data DIR]] [--json]
          grid-client list [--cluster URL | --results DIR] [--json]
          grid-client cancel SWEEP --cluster URL
          grid-client train --dataset ID --mixture FAMILY [--nu 4|learned] [--seed N] [--epochs N]
                            [--batch-size N] [--learning-rate X] [--threshold PROTOCOL] [--scaling min-max|z-score]
                            [--threads N] [--data DIR] [--offline] [--save DIR] [--json]
          grid-client score --model DIR --out FILE.parquet [--data DIR] [--offline]
          grid-client datasets list [--data DIR] [--json]
          grid-client datasets fetch [ID...] [--from DIR|URL] [--data DIR] [--timeout SECONDS] [--attempts N]
          grid-client datasets verify [--data DIR] [--json]
          grid-client datasets inspect FILE.csv|FILE.parquet [--label COLUMN] [--json]
          grid-client plot SWEEP [--out DIR] [--results DIR] [--threshold P [--anomaly-ratio R]]

        options:
          --results DIR     results folder; default ./results (one subfolder per sweep)
          --data DIR        folder of the raw dataset files; else $DAGMM_DATA, else ~/.cache/dagmm-grid/datasets
          --offline         never download; a missing dataset file is an error
          --slots N         training threads of the in-process silo, one core each; default: the core count
          --runs-per-slot R most runs of one configuration (differing only in seed) that one slot trains as one
                            batched model, 1 to 64; default 5. A run's results do not depend on it.
          --json            print one JSON document on stdout instead of tables
          --seed N          fixes split, initial weights, batch order and dropout (0 or more; default 1)
          --epochs N        passes over the training split; 0 scores the untrained network; default: the paper preset
          --batch-size N    rows per training step; default: the paper preset
          --learning-rate X Adam step size; default 1e-4
          --nu 4|learned    Student-t degrees of freedom, fixed (default 4) or learned per component
          --threads N       libtorch threads for this run; default 1
          --threshold P     train: the threshold protocol of the run. submit, results, plot: recompute the
                            finished runs' metrics under P from their stored energies, without retraining
          --anomaly-ratio R with --threshold on submit, results and plot: use rho R for every run instead of each
                            run's anomalyRatio, such as 0.2 for an 80th-percentile threshold
          --save DIR        store the trained model, scaler, mixture and per-sample scores for grid-client score
          --from DIR|URL    take dataset files from a local folder or a mirror; else $DAGMM_DATA_MIRROR, else UCI

        datasets:   kddcup99, kddcup99-rev, thyroid, arrhythmia
        mixtures:   gaussian, laplace, student-t
        thresholds: pooled-ratio (default), test-ratio, train-quantile, oracle-count
        cluster:    --cluster redis://[:PASSWORD@]HOST:PORT, else $DAGMM_CLUSTER; without one, submit runs
                    an in-process silo and status, results, runs and list read --results DIR (default ./results)

        exit codes: 0 success, 1 runs failed, 2 invalid input, 130 cancelled with Ctrl+C, 143 stopped by SIGTERM (finished runs are kept)

        """;
}
