using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Tests.Results;

public sealed class RunRecordTests
{
    [Fact]
    public void Create_copies_settings_and_metrics()
    {
        var run = ResultSamples.Run("s", DatasetId.Thyroid, MixtureSpec.StudentTLearned, seed: 4);

        var record = ResultSamples.Record("s", run, ResultSamples.Succeeded(run, f1: 0.55));

        var expected = new RunRecord
        {
            RunKey = run.RunKey,
            Sweep = "s",
            Dataset = "thyroid",
            Mixture = "student-t-learned",
            Family = "student-t",
            Nu = "learned",
            Seed = 4,
            Epochs = 3,
            BatchSize = 1024,
            LearningRate = 1e-4,
            LambdaEnergy = 0.1,
            LambdaCovariance = 0.005,
            Threshold = "pooled-ratio",
            AnomalyRatio = 0.025,
            Scaling = "min-max",
            Config = RunKeys.ConfigurationHash(run.Settings),
            SettingsJson = RunSettingsJson.Serialize(run.Settings),
            Status = "succeeded",
            Error = null,
            FailedEpoch = null,
            EpochsCompleted = 3,
            Precision = 0.75,
            Recall = 0.5,
            F1 = 0.55,
            Accuracy = 0.9,
            Auroc = 0.8,
            Auprc = 0.6,
            ThresholdValue = 12.5,
            FinalLoss = 1.25,
            TrainSeconds = 2.5,
            ScoreSeconds = 0.25,
            LearnedNu = "3.5,7.25",
            Silo = "silo-a",
            Attempt = 1,
            StartedAt = new DateTime(2025, 3, 14, 13, 9, 26, 535, DateTimeKind.Utc),
            FinishedAt = new DateTime(2025, 3, 14, 13, 9, 29, 785, DateTimeKind.Utc),
        };
        Assert.Equal(expected, record);
    }

    [Fact]
    public void Create_failed_run_has_null_metrics()
    {
        var run = ResultSamples.Run("s", DatasetId.Arrhythmia, MixtureSpec.Gaussian, seed: 1);

        var record = ResultSamples.Record("s", run, ResultSamples.Failed(run));

        Assert.Equal("failed", record.Status);
        Assert.Equal("loss became NaN", record.Error);
        Assert.Equal(2, record.FailedEpoch);
        Assert.Null(record.F1);
        Assert.Null(record.Auroc);
        Assert.Null(record.ThresholdValue);
    }

    [Fact]
    public void Create_without_epochs_has_null_loss()
    {
        var run = ResultSamples.Run("s", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        var result = ResultSamples.Succeeded(run, 0.5) with { FinalLoss = double.NaN, EpochsCompleted = 0 };

        var record = ResultSamples.Record("s", run, result);

        Assert.Null(record.FinalLoss);
    }

    [Fact]
    public void Create_truncates_time_to_microseconds()
    {
        var run = ResultSamples.Run("s", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        var started = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567);

        var record = RunRecord.Create("s", run, ResultSamples.Succeeded(run, 0.5), "silo", 2, started, started);

        Assert.Equal(1234560, record.StartedAt.Ticks - new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks);
        Assert.Equal(DateTimeKind.Utc, record.StartedAt.Kind);
    }

    [Fact]
    public void Create_laplace_has_empty_nu()
    {
        var run = ResultSamples.Run("s", DatasetId.Thyroid, MixtureSpec.Laplace, seed: 1);

        var record = ResultSamples.Record("s", run, ResultSamples.Succeeded(run, 0.5));

        Assert.Equal("", record.Nu);
        Assert.Equal("", record.LearnedNu);
    }
}
