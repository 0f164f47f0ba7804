using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Tests.Results;

/// <summary>Run results with known values for the result store tests.</summary>
internal static class ResultSamples
{
    public static readonly DateTimeOffset StartedAt = new(2025, 3, 14, 15, 9, 26, 535, TimeSpan.FromHours(2));

    public static SweepRun Run(string sweep, DatasetId dataset, MixtureSpec mixture, int seed)
    {
        var settings = RunSettings.ForPreset(dataset, mixture, seed) with { Epochs = 3 };
        return new SweepRun(RunKeys.Create(sweep, settings), settings);
    }

    public static DetectionMetrics Metrics(double f1) =>
        new(ThresholdProtocol.PooledRatio, Threshold: 12.5, Precision: 0.75, Recall: 0.5, F1: f1, Accuracy: 0.9, Auroc: 0.8, Auprc: 0.6,
            TruePositives: 3, FalsePositives: 1, TrueNegatives: 40, FalseNegatives: 3);

    public static RunResult Succeeded(SweepRun run, double f1, SampleScores? scores = null) => new()
    {
        Settings = run.Settings,
        Status = RunStatus.Succeeded,
        EpochsCompleted = run.Settings.Epochs,
        Metrics = Metrics(f1),
        FinalLoss = 1.25,
        TrainSeconds = 2.5,
        ScoreSeconds = 0.25,
        LearnedNu = run.Settings.Mixture.LearnNu ? [3.5, 7.25] : [],
        Scores = scores,
    };

    public static RunResult Failed(SweepRun run) => new()
    {
        Settings = run.Settings,
        Status = RunStatus.Failed,
        Error = "loss became NaN",
        FailedEpoch = 2,
        EpochsCompleted = 1,
        FinalLoss = 3.5,
        TrainSeconds = 1.5,
    };

    public static RunRecord Record(string sweep, SweepRun run, RunResult result, int attempt = 1) =>
        RunRecord.Create(sweep, run, result, "silo-a", attempt, StartedAt, StartedAt.AddSeconds(3.25));

    /// <summary>Six samples: three training normals, then a normal and two anomalies in the test split.</summary>
    public static SampleScores Scores() => new(
        SampleIndex: [10, 11, 12, 20, 21, 22],
        IsAnomaly: [false, false, false, false, true, true],
        Energy: [1.5, 2.5, -0.5, 3.0, 9.75, 8.0],
        IsTrain: [true, true, true, false, false, false]);
}
