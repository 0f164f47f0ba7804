using System.Diagnostics;
using System.Runtime.InteropServices;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>
/// Trains and scores DAGMM runs: split, scale, train, fit the mixture on the whole training split,
/// evaluate. One run or several that differ only in their seed train as one batched model.
/// </summary>
public static class DagmmRunner
{
    /// <summary>
    /// Loads the dataset from <paramref name="dataDirectory"/>, trains with <paramref name="settings"/>,
    /// fits the mixture on the whole training split and evaluates the test split. Blocks the calling
    /// thread for the whole run, so call it from a dedicated thread. Numerical failure and
    /// cancellation come back as a result, not an exception. When <paramref name="saveDirectory"/> is
    /// set, a succeeded run also stores everything <see cref="SavedRun"/> needs to score again.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are invalid; the message lists every problem.</exception>
    /// <exception cref="NativeLibraryException">libtorch could not load.</exception>
    /// <exception cref="DatasetFileException">The data file is missing or fails its checksum.</exception>
    /// <exception cref="DatasetFormatException">The data file does not parse.</exception>
    public static RunResult Run(RunSettings settings, string dataDirectory, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, string? saveDirectory = null)
    {
        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid run settings: " + string.Join("; ", problems), nameof(settings));
        }

        TorchRuntime.EnsureLoaded();
        var dataset = LoadDataset(settings, dataDirectory);
        var data = PreparedData.Create(dataset, settings.Seed, settings.Scaling);
        return Run(settings, data, progress, cancellationToken, saveDirectory);
    }

    /// <summary>Returns the dataset of <paramref name="settings"/> from <see cref="DatasetCache.Shared"/>: the benchmark, or the user's table of <see cref="RunSettings.CustomDataset"/>.</summary>
    /// <exception cref="DatasetFileException">The data file is missing or fails its checksum.</exception>
    /// <exception cref="DatasetFormatException">The data file does not parse.</exception>
    public static LabeledDataset LoadDataset(RunSettings settings, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.CustomDataset is { } custom
            ? DatasetCache.Shared.Get(custom, dataDirectory)
            : DatasetCache.Shared.Get(settings.Dataset, dataDirectory);
    }

    /// <summary>Trains and scores on already prepared data; see the other overload.</summary>
    public static RunResult Run(RunSettings settings, PreparedData data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, string? saveDirectory = null) =>
        TrainAndScore([settings], [data], [progress], [cancellationToken], saveDirectory)[0];

    // Fits the mixture on the whole training split of a trained network, scores both splits and
    // evaluates; shared by single and batched training.
    private static RunResult Score(RunSettings settings, PreparedData data, DagmmNetwork network, int epochsCompleted, double finalLoss, double trainSeconds, string? saveDirectory)
    {
        using var train = data.TrainTensor();
        using var test = data.TestTensor();
        var mixture = network.Mixture;
        var scoreClock = Stopwatch.StartNew();
        try
        {
            var (mixtureParameters, trainEnergies) = DagmmScorer.FitMixture(network, train, settings.CovarianceJitter);
            using var disposeMixture = mixtureParameters;
            var testEnergies = DagmmScorer.Energies(network, test, mixtureParameters);
            var nonFinite = trainEnergies.Concat(testEnergies).Count(energy => !double.IsFinite(energy));
            if (nonFinite > 0)
            {
                return Failed(settings, $"{nonFinite} sample energies are non-finite after training", null, epochsCompleted, trainSeconds, scoreClock.Elapsed.TotalSeconds);
            }

            var metrics = AnomalyEvaluator.Evaluate(trainEnergies, testEnergies, data.TestIsAnomaly, settings.Threshold, settings.AnomalyRatio);
            var scores = CombineScores(data, trainEnergies, testEnergies);
            var result = new RunResult
            {
                Settings = settings,
                Status = RunStatus.Succeeded,
                EpochsCompleted = epochsCompleted,
                Metrics = metrics,
                FinalLoss = finalLoss,
                TrainSeconds = trainSeconds,
                ScoreSeconds = scoreClock.Elapsed.TotalSeconds,
                LearnedNu = settings.Mixture.LearnNu ? mixture.CurrentNu() : [],
                Scores = scores,
            };

            if (saveDirectory is not null)
            {
                SavedRun.Save(saveDirectory, result, network, mixtureParameters, data.Scaler);
            }

            return result;
        }
        catch (TrainingFailedException error)
        {
            return Failed(settings, error.Message, null, epochsCompleted, trainSeconds, scoreClock.Elapsed.TotalSeconds);
        }
    }

    /// <summary>
    /// Trains the runs of <paramref name="settings"/> as one batched model (see
    /// <see cref="BatchedDagmmNetwork"/>) and scores each as <see cref="Run(RunSettings, string, IProgress{TrainingProgress}?, CancellationToken, string?)"/>
    /// does. The runs must differ only in their seed (<see cref="RunSettings.TrainsLike"/>). A run's
    /// metrics do not depend on the other runs of the batch. Blocks the calling thread; numerical
    /// failure and cancellation of one run come back as that run's result.
    /// </summary>
    /// <exception cref="ArgumentException">The settings are invalid or do not train alike.</exception>
    /// <exception cref="NativeLibraryException">libtorch could not load.</exception>
    /// <exception cref="DatasetFileException">The data file is missing or fails its checksum.</exception>
    /// <exception cref="DatasetFormatException">The data file does not parse.</exception>
    public static RunResult[] RunBatch(
        IReadOnlyList<RunSettings> settings,
        string dataDirectory,
        IReadOnlyList<IProgress<TrainingProgress>?> progress,
        IReadOnlyList<CancellationToken> cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfZero(settings.Count);
        if (progress.Count != settings.Count || cancellation.Count != settings.Count)
        {
            throw new ArgumentException("give one progress sink and one cancellation token per run", nameof(progress));
        }

        var problems = settings.SelectMany(run => run.Validate()).Distinct().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid run settings: " + string.Join("; ", problems), nameof(settings));
        }

        if (settings.Any(run => !run.TrainsLike(settings[0])))
        {
            throw new ArgumentException("the runs of a batch must differ only in their seed", nameof(settings));
        }

        TorchRuntime.EnsureLoaded();
        var dataset = LoadDataset(settings[0], dataDirectory);
        var data = settings.Select(run => PreparedData.Create(dataset, run.Seed, run.Scaling)).ToArray();
        return TrainAndScore(settings, data, progress, cancellation, saveDirectory: null);
    }

    // NOTE: TorchSharp 0.107 frees a Scalar made by an implicit conversion (tensor + 1e-6) in its
    // finalizer, which a garbage collection can run while libtorch still reads it (docs/benchmarks.md,
    // "A libtorch error from freed Scalars"). The runs are deterministic, so the batch trains again
    // from its seeds; holding every Scalar, inside TorchSharp's Adam too, would remove the cause.
    private const int FreedScalarAttempts = 3;

    private static RunResult[] TrainAndScore(
        IReadOnlyList<RunSettings> settings,
        IReadOnlyList<PreparedData> data,
        IReadOnlyList<IProgress<TrainingProgress>?> progress,
        IReadOnlyList<CancellationToken> cancellation,
        string? saveDirectory)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return TrainAndScoreOnce(settings, data, progress, cancellation, saveDirectory);
            }
            catch (ExternalException error) when (attempt < FreedScalarAttempts && IsFreedScalarError(error))
            {
                // Train the batch again; its seeds give the same weights, batches and masks.
            }
        }
    }

    /// <summary>Whether <paramref name="error"/> is libtorch reading a Scalar that its finalizer already freed.</summary>
    internal static bool IsFreedScalarError(ExternalException error) =>
        error.Message.Contains("c10/core/Scalar.h", StringComparison.Ordinal) || error.Message.Contains("Unknown scalar type", StringComparison.Ordinal);

    // Every run, alone or in a batch, trains through BatchedDagmmNetwork, so a seed gives the same
    // metrics from `train`, from a silo that trains it alone and from one that batches it.
    private static RunResult[] TrainAndScoreOnce(
        IReadOnlyList<RunSettings> settings,
        IReadOnlyList<PreparedData> data,
        IReadOnlyList<IProgress<TrainingProgress>?> progress,
        IReadOnlyList<CancellationToken> cancellation,
        string? saveDirectory)
    {
        if (data.Any(prepared => prepared.TrainRows != data[0].TrainRows))
        {
            throw new ArgumentException("the runs of a batch must have training splits of the same size", nameof(data));
        }

        SetThreads(settings[0]);
        var networks = new List<DagmmNetwork>();
        try
        {
            networks.AddRange(settings.Select((run, i) => CreateNetwork(run, data[i])));
            var trainClock = Stopwatch.StartNew();
            BatchedRunOutcome[] outcomes;
            using (var model = new BatchedDagmmNetwork(networks))
            {
                using var train = torch.stack(data.Select(prepared => prepared.TrainTensor()), 0);
                var shuffleSeeds = settings.Select(run => (int)SeedStreams.Derive(run.Seed, SeedStreams.BatchOrder)).ToArray();
                outcomes = new BatchedDagmmTrainer(settings[0]).Train(model, train, shuffleSeeds, progress, cancellation);
                model.CopyToNetworks();
            }

            var trainSeconds = trainClock.Elapsed.TotalSeconds;
            return outcomes.Select((outcome, i) => outcome.Status switch
            {
                RunStatus.Succeeded => Score(settings[i], data[i], networks[i], outcome.EpochsCompleted, outcome.FinalLoss, trainSeconds, saveDirectory),
                RunStatus.Cancelled => new RunResult
                {
                    Settings = settings[i], Status = RunStatus.Cancelled, Error = "cancelled", EpochsCompleted = outcome.EpochsCompleted, TrainSeconds = trainSeconds,
                },
                _ => Failed(settings[i], outcome.Error!, outcome.FailedEpoch, outcome.EpochsCompleted, trainSeconds, 0),
            }).ToArray();
        }
        finally
        {
            networks.ForEach(network => network.Dispose());
            NativeAllocator.ReturnFreedMemory();
        }
    }

    /// <summary>Returns the per-sample scores, training rows first, then test rows.</summary>
    public static SampleScores CombineScores(PreparedData data, double[] trainEnergies, double[] testEnergies)
    {
        var total = data.TrainRows + data.TestRows;
        var sampleIndex = new int[total];
        var isAnomaly = new bool[total];
        var isTrain = new bool[total];
        data.TrainSampleIndex.CopyTo(sampleIndex, 0);
        data.TestSampleIndex.CopyTo(sampleIndex, data.TrainRows);
        data.TestIsAnomaly.CopyTo(isAnomaly, data.TrainRows);
        Array.Fill(isTrain, true, 0, data.TrainRows);
        return new SampleScores(sampleIndex, isAnomaly, [.. trainEnergies, .. testEnergies], isTrain);
    }

    // The starting weights and dropout stream of a run, drawn from its seed.
    private static DagmmNetwork CreateNetwork(RunSettings settings, PreparedData data) =>
        new(data.FeatureCount, settings, MixtureDensities.Create(settings.Mixture, settings.Components),
            SeedStreams.Derive(settings.Seed, SeedStreams.Initialisation), SeedStreams.Derive(settings.Seed, SeedStreams.Dropout));

    // NOTE: libtorch's intra-op thread count is process-wide; concurrent runs in one process must agree on it.
    private static void SetThreads(RunSettings settings)
    {
        if (torch.get_num_threads() != settings.Threads)
        {
            torch.set_num_threads(settings.Threads);
        }
    }

    private static RunResult Failed(RunSettings settings, string reason, int? epoch, int epochsCompleted, double trainSeconds, double scoreSeconds) => new()
    {
        Settings = settings,
        Status = RunStatus.Failed,
        Error = reason,
        FailedEpoch = epoch is > 0 ? epoch : null,
        EpochsCompleted = epochsCompleted,
        TrainSeconds = trainSeconds,
        ScoreSeconds = scoreSeconds,
    };
}
