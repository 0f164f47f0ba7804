using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Client.Tests.Support;

/// <summary>
/// Writes finished runs with known metrics into a results folder through <see cref="ResultStore"/>,
/// so the plot command reads real Parquet files.
/// </summary>
public static class SweepSamples
{
    public static readonly DateTimeOffset StartedAt = new(2025, 6, 2, 9, 30, 0, TimeSpan.Zero);

    /// <summary>The four mixtures of the paper table, in the order the figures draw them.</summary>
    public static IReadOnlyList<MixtureSpec> PaperMixtures { get; } =
        [MixtureSpec.Gaussian, MixtureSpec.Laplace, MixtureSpec.StudentT(), MixtureSpec.StudentTLearned];

    /// <summary>
    /// Writes a sweep with every mixture of <paramref name="mixtures"/> trained for 3 epochs on every dataset
    /// of <paramref name="datasets"/> with <paramref name="seeds"/> seeds, an untrained (epochs 0) Gaussian
    /// baseline per dataset when <paramref name="withBaseline"/>, and one failed laplace run on the first dataset.
    /// </summary>
    public static async Task<IReadOnlyList<RunRecord>> WriteSweepAsync(
        ResultStore store,
        string sweep,
        IReadOnlyList<DatasetId> datasets,
        IReadOnlyList<MixtureSpec> mixtures,
        int seeds,
        bool withBaseline)
    {
        var records = new List<RunRecord>();
        foreach (var dataset in datasets)
        {
            foreach (var mixture in mixtures)
            {
                for (var seed = 1; seed <= seeds; seed++)
                {
                    records.Add(Succeeded(sweep, dataset, mixture, seed, epochs: 3));
                }
            }

            if (withBaseline)
            {
                for (var seed = 1; seed <= seeds; seed++)
                {
                    records.Add(Succeeded(sweep, dataset, MixtureSpec.Gaussian, seed, epochs: 0));
                }
            }
        }

        if (mixtures.Contains(MixtureSpec.Laplace))
        {
            records.Add(Failed(sweep, datasets[0], MixtureSpec.Laplace, seed: seeds + 1));
        }

        foreach (var record in records)
        {
            await store.WriteRunAsync(sweep, record, scores: null);
        }

        return records;
    }

    /// <summary>
    /// Builds a succeeded run whose metrics depend on the dataset, mixture, seed and training, so every
    /// group has a different mean and a non-zero spread: F1 = 0.5 + 0.05 * mixture index + 0.02 * seed
    /// + 0.01 * dataset index, 0.3 lower when untrained. Precision is F1 + 0.03, recall F1 - 0.03, and
    /// AUROC F1 + 0.25 up to 0.99.
    /// </summary>
    public static RunRecord Succeeded(string sweep, DatasetId dataset, MixtureSpec mixture, int seed, int epochs)
    {
        var run = Run(sweep, dataset, mixture, seed, epochs);
        var mixtureIndex = PaperMixtures.ToList().IndexOf(mixture);
        var untrainedPenalty = epochs == 0 ? 0.3 : 0.0;
        var f1 = 0.5 + 0.05 * mixtureIndex + 0.02 * seed - untrainedPenalty + 0.01 * (int)dataset;
        var metrics = new DetectionMetrics(
            ThresholdProtocol.PooledRatio,
            Threshold: 10.0,
            Precision: f1 + 0.03,
            Recall: f1 - 0.03,
            F1: f1,
            Accuracy: 0.9,
            Auroc: Math.Min(0.99, f1 + 0.25),
            Auprc: f1,
            TruePositives: 10,
            FalsePositives: 2,
            TrueNegatives: 80,
            FalseNegatives: 8);
        var result = new RunResult
        {
            Settings = run.Settings,
            Status = RunStatus.Succeeded,
            EpochsCompleted = epochs,
            Metrics = metrics,
            FinalLoss = 1.0,
            TrainSeconds = 2.0,
            ScoreSeconds = 0.5,
            LearnedNu = mixture.LearnNu ? LearnedNu(run.Settings.Components, seed, epochs) : [],
        };
        return RunRecord.Create(sweep, run, result, "silo-a", 1, StartedAt, StartedAt.AddSeconds(3));
    }

    /// <summary>Returns the final nu of each component: component k ends at 4 + 1.5 k + 0.2 seed after training, at the starting 4 when untrained.</summary>
    public static double[] LearnedNu(int components, int seed, int epochs) =>
        [.. Enumerable.Range(1, components).Select(component => epochs == 0 ? MixtureSpec.DefaultNu : MixtureSpec.DefaultNu + 1.5 * component + 0.2 * seed)];

    public static RunRecord Failed(string sweep, DatasetId dataset, MixtureSpec mixture, int seed)
    {
        var run = Run(sweep, dataset, mixture, seed, epochs: 3);
        var result = new RunResult
        {
            Settings = run.Settings,
            Status = RunStatus.Failed,
            Error = "loss became NaN",
            FailedEpoch = 2,
            EpochsCompleted = 1,
            TrainSeconds = 1.0,
        };
        return RunRecord.Create(sweep, run, result, "silo-a", 1, StartedAt, StartedAt.AddSeconds(2));
    }

    private static SweepRun Run(string sweep, DatasetId dataset, MixtureSpec mixture, int seed, int epochs)
    {
        var settings = RunSettings.ForPreset(dataset, mixture, seed) with { Epochs = epochs };
        return new SweepRun(RunKeys.Create(sweep, settings), settings);
    }
}
