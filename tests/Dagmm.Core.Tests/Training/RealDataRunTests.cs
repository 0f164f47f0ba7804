using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Tests.Support;
using Dagmm.Core.Training;

namespace Dagmm.Core.Tests.Training;

public class RealDataRunTests
{
    [Theory]
    [InlineData("kddcup99", "gaussian", 1)]
    [InlineData("kddcup99-rev", "laplace", 1)]
    [InlineData("thyroid", "student-t", 30)]
    [InlineData("arrhythmia", "gaussian", 30)]
    public void ShortRun_gives_finite_metrics(string datasetName, string familyName, int epochs)
    {
        var result = ShortRun(datasetName, familyName, epochs);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        var metrics = Assert.IsType<Dagmm.Core.Evaluation.DetectionMetrics>(result.Metrics);
        Assert.True(double.IsFinite(metrics.F1), $"f1 = {metrics.F1}");
        Assert.True(double.IsFinite(metrics.Auprc), $"auprc = {metrics.Auprc}");
        Assert.True(metrics.Auroc > 0.5, $"auroc = {metrics.Auroc}");
    }

    [Fact]
    public void ShortRun_scores_every_sample_once()
    {
        var result = ShortRun("thyroid", "gaussian", 2);

        var scores = Assert.IsType<SampleScores>(result.Scores);
        // Thyroid: 3,679 normal rows -> 1,839 train; test = 1,840 normal + 93 anomalies.
        Assert.Equal(1839, scores.IsTrain.Count(isTrain => isTrain));
        Assert.Equal(1933, scores.IsTrain.Count(isTrain => !isTrain));
        Assert.Equal(3772, scores.SampleIndex.Distinct().Count());
        Assert.Equal(93, scores.IsAnomaly.Count(isAnomaly => isAnomaly));
    }

    [Fact]
    public void LearnedNu_reports_one_value_per_component()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.StudentTLearned, 1) with { Epochs = 20 };

        var result = DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);

        Assert.Equal(2, result.LearnedNu.Count);
        Assert.All(result.LearnedNu, nu => Assert.True(nu > 2, $"nu = {nu}"));
    }

    [Fact]
    public void LearnedNu_moves_during_training()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.StudentTLearned, 1) with { Epochs = 20, LearningRate = 1e-2 };

        var result = DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);

        Assert.Contains(result.LearnedNu, nu => Math.Abs(nu - 4) > 1e-4);
    }

    internal static RunResult ShortRun(string datasetName, string familyName, int epochs, int seed = 1)
    {
        Assert.True(DatasetIds.TryParse(datasetName, out var dataset));
        Assert.True(MixtureSpec.TryParseFamily(familyName, out var family));
        var settings = RunSettings.ForPreset(dataset, new MixtureSpec(family), seed) with { Epochs = epochs };
        return DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);
    }
}
