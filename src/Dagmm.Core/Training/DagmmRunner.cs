using System.Diagnostics;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>Trains and scores one DAGMM run: split, scale, train, fit the mixture on the whole training split, evaluate.</summary>
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
    public static RunResult Run(RunSettings settings, PreparedData data, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, string? saveDirectory = null)
    {
        // NOTE: libtorch's intra-op thread count is process-wide; concurrent runs in one process must agree on it.
        if (torch.get_num_threads() != settings.Threads)
        {
            torch.set_num_threads(settings.Threads);
        }

        using var train = data.TrainTensor();
        using var test = data.TestTensor();
        var mixture = MixtureDensities.Create(settings.Mixture, settings.Components);
        using var network = new DagmmNetwork(data.FeatureCount, settings, mixture, SeedStreams.Derive(settings.Seed, SeedStreams.Initialisation),
            SeedStreams.Derive(settings.Seed, SeedStreams.Dropout));

        var trainClock = Stopwatch.StartNew();
        var epochsCompleted = 0;
        var countingProgress = new Progress(progress, epoch => epochsCompleted = epoch);
        double finalLoss;
        try
        {
            var trainer = new DagmmTrainer(settings);
            finalLoss = trainer.Train(network, train, (int)SeedStreams.Derive(settings.Seed, SeedStreams.BatchOrder), countingProgress, cancellationToken);
        }
        catch (TrainingFailedException error)
        {
            return Failed(settings, error.Message, error.Epoch, epochsCompleted, trainClock.Elapsed.TotalSeconds, 0);
        }
        catch (OperationCanceledException)
        {
            return new RunResult
            {
                Settings = settings, Status = RunStatus.Cancelled, Error = "cancelled", EpochsCompleted = epochsCompleted,
                TrainSeconds = trainClock.Elapsed.TotalSeconds,
            };
        }

        var trainSeconds = trainClock.Elapsed.TotalSeconds;
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

    // Forwards progress and remembers the last finished epoch for failure reports.
    private sealed class Progress(IProgress<TrainingProgress>? inner, Action<int> onEpoch) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            onEpoch(value.Epoch);
            inner?.Report(value);
        }
    }
}
