using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.CommandLine;
using Dagmm.Grid.Results;
using Spectre.Console;

namespace Dagmm.Grid.Client.Commands;

/// <summary>grid-client train: one run in this process, metrics on stdout, optionally saved for scoring.</summary>
public static class TrainCommand
{
    private static readonly string[] s_valueOptions =
    [
        "--dataset", "--mixture", "--nu", "--seed", "--epochs", "--batch-size", "--learning-rate", "--threshold",
        "--scaling", "--threads", "--data", "--save",
    ];

    private static readonly string[] s_flagOptions = ["--json", "--offline"];

    /// <summary>Name of the per-sample scores file that --save writes beside the model.</summary>
    public const string SavedScoresFile = "scores.parquet";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("train", arguments, s_valueOptions, s_flagOptions);
        parsed.RejectPositionals();
        var settings = ReadSettings(parsed);
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));
        var saveDirectory = parsed.Value("--save");
        var json = parsed.Flag("--json");
        var createdSaveFolders = saveDirectory is null ? [] : MissingFolders(saveDirectory);
        if (saveDirectory is not null)
        {
            RejectSavedRun(saveDirectory);
            OutputLocations.PrepareFolder("--save", saveDirectory);
        }

        // The first Ctrl+C or SIGTERM stops the training; the run then saves nothing.
        using var signals = new TerminationSignals();
        try
        {
            await DatasetFetching.EnsureAvailableAsync(settings.Dataset, dataDirectory, parsed.Flag("--offline"));
            return await TrainAsync(settings, dataDirectory, saveDirectory, json, signals);
        }
        finally
        {
            // A run that failed, was cancelled or never started saves nothing; the folders train created for it go too.
            foreach (var folder in createdSaveFolders)
            {
                if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
        }
    }

    // Returns the folders on the path to folder that do not exist yet, deepest first.
    private static List<string> MissingFolders(string folder)
    {
        var missing = new List<string>();
        for (var current = Path.GetFullPath(folder); !string.IsNullOrEmpty(current) && !Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Add(current);
        }

        return missing;
    }

    // A folder that already contains a saved run keeps it: train never overwrites a finished result.
    // NOTE: two trains started at once with the same --save folder both pass this check, and the
    // later save replaces the earlier one.
    private static void RejectSavedRun(string saveDirectory)
    {
        var manifest = Path.Combine(saveDirectory, SavedRun.ManifestFile);
        if (File.Exists(manifest))
        {
            throw new UsageException($"--save: {saveDirectory} already contains a saved run ({SavedRun.ManifestFile}); choose a new folder, or delete that one to replace it");
        }
    }

    private static async Task<int> TrainAsync(RunSettings settings, string dataDirectory, string? saveDirectory, bool json, TerminationSignals signals)
    {
        RunResult result;
        try
        {
            result = json || Console.IsErrorRedirected
                ? DagmmRunner.Run(settings, dataDirectory, progress: null, signals.Token, saveDirectory)
                : RunWithProgressBar(settings, dataDirectory, saveDirectory, signals.Token);
        }
        catch (Exception error) when (error is DatasetFileException or DatasetFormatException)
        {
            throw new UsageException(error.Message);
        }
        catch (ExternalException error)
        {
            // libtorch rejected an operation. The run failed, so it is reported like a diverged one,
            // with libtorch's first line instead of its native stack.
            result = new RunResult
            {
                Settings = settings,
                Status = RunStatus.Failed,
                Error = $"libtorch failed during the run: {TorchRuntime.FirstLineOf(error)}",
            };
        }
        catch (Exception error) when (saveDirectory is not null && error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--save: the run trained, but writing it to {saveDirectory} failed ({OutputLocations.Describe(error)}); free space or choose a writable folder, then train again");
        }

        if (saveDirectory is not null && result.Scores is not null)
        {
            try
            {
                await ResultStore.WriteScoresFileAsync(Path.Combine(saveDirectory, SavedScoresFile), ScoreRecord.FromScores(result.Scores));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--save: the run trained, but writing its scores to {saveDirectory} failed ({OutputLocations.Describe(error)}); free space or choose a writable folder, then train again");
            }
        }

        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(ToJson(result)));
        }
        else
        {
            PrintResult(result, saveDirectory);
        }

        return result.Status switch
        {
            RunStatus.Succeeded => GridClient.ExitSuccess,
            RunStatus.Cancelled => signals.ExitCode,
            _ => GridClient.ExitRunsFailed,
        };
    }

    // The run settings' own check would name the setting learningRate, not the option.
    private static double? ReadLearningRate(CommandArguments parsed)
    {
        var learningRate = parsed.Number("--learning-rate");
        if (learningRate is <= 0 or > RunSettings.MaximumLearningRate)
        {
            throw new UsageException($"--learning-rate: \"{parsed.Value("--learning-rate")}\" is invalid; expected a number above 0 and at most {RunSettings.MaximumLearningRate:G}, such as 0.0001");
        }

        return learningRate;
    }

    /// <summary>Builds the run settings from the preset of --dataset and the options that override it.</summary>
    internal static RunSettings ReadSettings(CommandArguments parsed)
    {
        var datasetName = parsed.Required("--dataset");
        if (!DatasetIds.TryParse(datasetName, out var dataset))
        {
            throw new UsageException($"--dataset: unknown dataset \"{datasetName}\"; expected {DatasetIds.AcceptedNames}");
        }

        var mixture = ReadMixture(parsed);
        var seed = parsed.Integer("--seed", 1, 0);
        var settings = RunSettings.ForPreset(dataset, mixture, seed);
        settings = settings with
        {
            Epochs = parsed.Integer("--epochs", settings.Epochs, 0),
            BatchSize = parsed.Integer("--batch-size", settings.BatchSize, 2),
            LearningRate = ReadLearningRate(parsed) ?? settings.LearningRate,
            Threads = parsed.Integer("--threads", settings.Threads, 1, RunSettings.MaximumThreads),
        };

        if (ThresholdOption.Parse(parsed) is { } threshold)
        {
            settings = settings with { Threshold = threshold };
        }

        if (parsed.Value("--scaling") is { } scalingName)
        {
            settings = settings with
            {
                Scaling = scalingName switch
                {
                    "min-max" => ScalingKind.MinMax,
                    "z-score" => ScalingKind.ZScore,
                    _ => throw new UsageException($"--scaling: unknown scaling \"{scalingName}\"; expected min-max or z-score"),
                },
            };
        }

        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new UsageException(string.Join("; ", problems));
        }

        return settings;
    }

    private static MixtureSpec ReadMixture(CommandArguments parsed)
    {
        var familyName = parsed.Required("--mixture");
        if (!MixtureSpec.TryParseFamily(familyName, out var family))
        {
            throw new UsageException($"--mixture: unknown mixture \"{familyName}\"; expected {MixtureSpec.AcceptedFamilies}");
        }

        var nuText = parsed.Value("--nu");
        if (family != MixtureFamily.StudentT)
        {
            if (nuText is not null)
            {
                throw new UsageException($"--nu: only student-t has degrees of freedom; drop --nu or use --mixture student-t");
            }

            return new MixtureSpec(family);
        }

        if (nuText is null)
        {
            return MixtureSpec.StudentT();
        }

        if (nuText == "learned")
        {
            return MixtureSpec.StudentTLearned;
        }

        if (!double.TryParse(nuText, NumberStyles.Float, CultureInfo.InvariantCulture, out var nu) || !(nu is >= MixtureSpec.MinimumNu and <= MixtureSpec.MaximumNu))
        {
            throw new UsageException($"--nu: \"{nuText}\" is invalid; expected a number from {MixtureSpec.MinimumNu} to {MixtureSpec.MaximumNu} such as 4 (a larger nu behaves as the gaussian mixture), or learned");
        }

        return MixtureSpec.StudentT(nu);
    }

    private static RunResult RunWithProgressBar(RunSettings settings, string dataDirectory, string? saveDirectory, CancellationToken cancellation)
    {
        RunResult? result = null;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"{settings.Dataset.ToName()} {settings.Mixture.Label} seed {settings.Seed}", maxValue: Math.Max(1, settings.Epochs));
                var progress = new SynchronousProgress(update =>
                {
                    task.Value = update.Epoch;
                    task.Description = $"{settings.Dataset.ToName()} {settings.Mixture.Label} seed {settings.Seed}: epoch {update.Epoch}/{update.TotalEpochs} loss {update.MeanLoss:G4}";
                });
                result = DagmmRunner.Run(settings, dataDirectory, progress, cancellation, saveDirectory);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static void PrintResult(RunResult result, string? saveDirectory)
    {
        var settings = result.Settings;
        var output = Console.Out;
        output.WriteLine($"run: {settings.Dataset.ToName()} {settings.Mixture.Label} seed {settings.Seed}, {result.EpochsCompleted}/{settings.Epochs} epochs, {result.TrainSeconds:F1} s training");
        if (result.Status != RunStatus.Succeeded || result.Metrics is null)
        {
            output.WriteLine(result.Status == RunStatus.Cancelled
                ? "status: cancelled by Ctrl+C or SIGTERM; nothing was saved"
                : $"status: {result.Status.ToString().ToLowerInvariant()}: {result.Error}");
            return;
        }

        var metrics = result.Metrics;
        output.WriteLine($"threshold: {metrics.Protocol.ToName()} = {metrics.Threshold:G6}");
        output.WriteLine(FormattableString.Invariant(
            $"precision {metrics.Precision:F4}  recall {metrics.Recall:F4}  f1 {metrics.F1:F4}  accuracy {metrics.Accuracy:F4}  auroc {metrics.Auroc:F4}  auprc {metrics.Auprc:F4}"));
        if (result.LearnedNu.Count > 0)
        {
            output.WriteLine("learned nu: " + string.Join(", ", result.LearnedNu.Select(nu => nu.ToString("F3", CultureInfo.InvariantCulture))));
        }

        if (saveDirectory is not null)
        {
            output.WriteLine($"saved: {Path.GetFullPath(saveDirectory)}");
        }
    }

    internal static Dictionary<string, object?> ToJson(RunResult result)
    {
        var settings = result.Settings;
        var metrics = result.Metrics;
        return new Dictionary<string, object?>
        {
            ["dataset"] = settings.Dataset.ToName(),
            ["mixture"] = settings.Mixture.FamilyName,
            ["nu"] = settings.Mixture.Family == MixtureFamily.StudentT ? settings.Mixture.NuText : null,
            ["seed"] = settings.Seed,
            ["epochs"] = settings.Epochs,
            ["precision"] = metrics?.Precision,
            ["recall"] = metrics?.Recall,
            ["f1"] = metrics?.F1,
            ["accuracy"] = metrics?.Accuracy,
            ["auroc"] = metrics?.Auroc,
            ["auprc"] = metrics?.Auprc,
            ["threshold"] = settings.Threshold.ToName(),
            ["threshold_value"] = metrics?.Threshold,
            ["learned_nu"] = result.LearnedNu,
            ["train_seconds"] = result.TrainSeconds,
            ["final_loss"] = double.IsFinite(result.FinalLoss) ? result.FinalLoss : null,
            ["status"] = result.Status.ToString().ToLowerInvariant(),
            ["error"] = result.Error,
            ["failed_epoch"] = result.FailedEpoch,
        };
    }

    // Progress<T> posts to the thread pool; the bar must update on the training thread.
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
