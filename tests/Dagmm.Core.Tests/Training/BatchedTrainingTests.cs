using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Tests.Support;
using Dagmm.Core.Training;

namespace Dagmm.Core.Tests.Training;

public class BatchedTrainingTests
{
    public static TheoryData<string> Mixtures => ["gaussian", "laplace", "student-t", "student-t-learned"];

    // Batch size 256 leaves a trailing batch of another size each epoch, and dropout draws a mask
    // per step, so both paths where a run could see its batch-mates are exercised.
    [Theory]
    [MemberData(nameof(Mixtures))]
    public void Run_energies_ignore_batch_mates(string mixture)
    {
        var alone = RunBatch(mixture, 6);
        var withTwo = RunBatch(mixture, 3, 6, 9);
        var withOne = RunBatch(mixture, 6, 11);

        Assert.Equal(alone[0].Scores!.Energy, withTwo[1].Scores!.Energy);
        Assert.Equal(alone[0].Scores!.Energy, withOne[0].Scores!.Energy);
        Assert.Equal(alone[0].Metrics, withTwo[1].Metrics);
        Assert.Equal(alone[0].FinalLoss, withOne[0].FinalLoss);
        Assert.Equal(alone[0].LearnedNu, withTwo[1].LearnedNu);
    }

    [Fact]
    public void Batch_runs_match_solo_runs()
    {
        var batch = RunBatch("student-t-learned", 3, 6, 9);
        var seeds = new[] { 3, 6, 9 };

        for (var i = 0; i < seeds.Length; i++)
        {
            var alone = RunBatch("student-t-learned", seeds[i]);
            Assert.Equal(alone[0].Scores!.Energy, batch[i].Scores!.Energy);
        }

        Assert.NotEqual(batch[0].Scores!.Energy, batch[1].Scores!.Energy);
    }

    [Fact]
    public void Arrhythmia_batch_matches_solo_run()
    {
        var settings = new[] { 4, 5, 6 }.Select(seed => RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Laplace, seed) with { Epochs = 20 }).ToArray();

        var batch = DagmmRunner.RunBatch(settings, SharedData.Directory, [null, null, null], [CancellationToken.None, CancellationToken.None, CancellationToken.None]);
        var alone = DagmmRunner.Run(settings[2], SharedData.Directory, null, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, alone.Status);
        Assert.Equal(alone.Scores!.Energy, batch[2].Scores!.Energy);
    }

    [Fact]
    public void Batched_training_near_single_trainer()
    {
        // Both paths run the same arithmetic in other kernels (baddbmm against addmm). So energies
        // agree to rounding after few steps, but they are not expected to be bitwise equal.
        var settings = Settings("gaussian", 6) with { Epochs = 2 };
        var single = DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);
        var batched = DagmmRunner.RunBatch([settings], SharedData.Directory, [null], [CancellationToken.None])[0];

        var largestDifference = single.Scores!.Energy.Zip(batched.Scores!.Energy, (a, b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a))).Max();
        Assert.True(largestDifference < 1e-3, $"largest relative energy difference {largestDifference}");
    }

    [Fact]
    public void Diverging_batch_runs_fail_as_alone()
    {
        var settings = new[] { 1, 2, 3 }.Select(seed => RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Gaussian, seed) with { Epochs = 60, LearningRate = 1000 }).ToArray();

        var batch = DagmmRunner.RunBatch(settings, SharedData.Directory, [null, null, null], [CancellationToken.None, CancellationToken.None, CancellationToken.None]);

        Assert.Contains(batch, result => result.Status == RunStatus.Failed);
        for (var i = 0; i < settings.Length; i++)
        {
            var alone = DagmmRunner.RunBatch([settings[i]], SharedData.Directory, [null], [CancellationToken.None])[0];
            Assert.Equal(alone.Status, batch[i].Status);
            Assert.Equal(alone.Error, batch[i].Error);
            Assert.Equal(alone.FailedEpoch, batch[i].FailedEpoch);
            Assert.Equal(alone.Scores?.Energy, batch[i].Scores?.Energy);
            if (batch[i].Status == RunStatus.Failed)
            {
                Assert.Null(batch[i].Metrics);
                Assert.Contains("lower the learning rate (sweep field learningRate, train option --learning-rate)", batch[i].Error);
            }
        }
    }

    [Fact]
    public void Cancelled_batch_run_spares_others()
    {
        using var cancellation = new CancellationTokenSource();
        var settings = new[] { Settings("gaussian", 6) with { Epochs = 10 }, Settings("gaussian", 7) with { Epochs = 10 } };
        var progress = new InlineProgress(update =>
        {
            if (update.Epoch == 3)
            {
                cancellation.Cancel();
            }
        });

        var batch = DagmmRunner.RunBatch(settings, SharedData.Directory, [progress, null], [cancellation.Token, CancellationToken.None]);
        var alone = DagmmRunner.RunBatch([settings[1]], SharedData.Directory, [null], [CancellationToken.None])[0];

        Assert.Equal(RunStatus.Cancelled, batch[0].Status);
        Assert.Equal(3, batch[0].EpochsCompleted);
        Assert.Null(batch[0].Metrics);
        Assert.Equal(RunStatus.Succeeded, batch[1].Status);
        Assert.Equal(alone.Scores!.Energy, batch[1].Scores!.Energy);
    }

    [Fact]
    public void Batch_of_other_configs_rejected()
    {
        var settings = new[] { Settings("gaussian", 1), Settings("gaussian", 2) with { LearningRate = 1e-3 } };

        var error = Assert.Throws<ArgumentException>(() =>
            DagmmRunner.RunBatch(settings, SharedData.Directory, [null, null], [CancellationToken.None, CancellationToken.None]));

        Assert.Contains("differ only in their seed", error.Message);
    }

    [Fact]
    public void TrainsLike_ignores_only_seed()
    {
        var first = Settings("gaussian", 1);
        var second = first with { Seed = 2, EncoderLayers = [.. first.EncoderLayers] };

        Assert.True(first.TrainsLike(second));
        Assert.False(first.TrainsLike(second with { EncoderLayers = [12, 4, 2] }));
        Assert.False(first.TrainsLike(second with { Mixture = MixtureSpec.Laplace }));
        Assert.False(first.TrainsLike(second with { Epochs = first.Epochs + 1 }));
    }

    private static RunResult[] RunBatch(string mixture, params int[] seeds)
    {
        var settings = seeds.Select(seed => Settings(mixture, seed)).ToArray();
        var results = DagmmRunner.RunBatch(settings, SharedData.Directory, settings.Select(_ => (IProgress<TrainingProgress>?)null).ToArray(),
            settings.Select(_ => CancellationToken.None).ToArray());
        Assert.All(results, result => Assert.Equal(RunStatus.Succeeded, result.Status));
        return results;
    }

    private static RunSettings Settings(string mixture, int seed)
    {
        var spec = mixture switch
        {
            "gaussian" => MixtureSpec.Gaussian,
            "laplace" => MixtureSpec.Laplace,
            "student-t" => MixtureSpec.StudentT(),
            _ => MixtureSpec.StudentTLearned,
        };
        return RunSettings.ForPreset(DatasetId.Thyroid, spec, seed) with { Epochs = 15, BatchSize = 256 };
    }
}
