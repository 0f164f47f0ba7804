using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class RunSettingsJsonTests
{
    public static TheoryData<DatasetId, MixtureSpec> PresetsAndMixtures()
    {
        var data = new TheoryData<DatasetId, MixtureSpec>();
        MixtureSpec[] mixtures = [MixtureSpec.Gaussian, MixtureSpec.Laplace, MixtureSpec.StudentT(), MixtureSpec.StudentT(2.5), MixtureSpec.StudentTLearned];
        foreach (var dataset in DatasetIds.All)
        {
            foreach (var mixture in mixtures)
            {
                data.Add(dataset, mixture);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PresetsAndMixtures))]
    public void RoundTrip_preset_is_exact(DatasetId dataset, MixtureSpec mixture)
    {
        var settings = RunSettings.ForPreset(dataset, mixture, seed: 17);

        var json = RunSettingsJson.Serialize(settings);
        var read = RunSettingsJson.Deserialize(json);

        Assert.Equal(settings.EncoderLayers, read.EncoderLayers);
        Assert.Equal(settings, read with { EncoderLayers = settings.EncoderLayers });
        Assert.Equal(json, RunSettingsJson.Serialize(read));
    }

    [Fact]
    public void RoundTrip_keeps_every_changed_setting()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.StudentT(3.3), seed: 0) with
        {
            Epochs = 0,
            BatchSize = 7,
            LearningRate = 0.1 + 0.2,
            LambdaEnergy = 1.0 / 3.0,
            LambdaCovariance = 5e-324,
            Dropout = 0,
            GradientClip = double.PositiveInfinity,
            EncoderLayers = [5, 4, 3, 2],
            EstimationHidden = 1,
            Components = 9,
            Threshold = ThresholdProtocol.TrainQuantile,
            AnomalyRatio = 0.123456789012345,
            Scaling = ScalingKind.ZScore,
            CovarianceJitter = 1e-12,
            Threads = 3,
        };

        var read = RunSettingsJson.Deserialize(RunSettingsJson.Serialize(settings));

        Assert.Equal(settings.EncoderLayers, read.EncoderLayers);
        Assert.Equal(settings, read with { EncoderLayers = settings.EncoderLayers });
    }

    [Fact]
    public void RoundTrip_keeps_nan()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1) with { LearningRate = double.NaN };

        var read = RunSettingsJson.Deserialize(RunSettingsJson.Serialize(settings));

        Assert.True(double.IsNaN(read.LearningRate));
    }

    [Fact]
    public void Serialize_thyroid_preset_is_canonical()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.StudentT(), seed: 3);

        var json = RunSettingsJson.Serialize(settings);

        Assert.Equal(
            """{"dataset":"thyroid","mixture":{"family":"student-t","nu":4,"learnNu":false},"seed":3,"epochs":20000,"batchSize":1024,"learningRate":0.0001,"lambdaEnergy":0.1,"lambdaCovariance":0.005,"dropout":0.5,"gradientClip":5,"encoderLayers":[12,4,1],"estimationHidden":10,"components":2,"threshold":"pooled-ratio","anomalyRatio":0.025,"scaling":"min-max","covarianceJitter":1E-06,"threads":1}""",
            json);
    }

    [Fact]
    public void Deserialize_unknown_field_throws()
    {
        var json = RunSettingsJson.Serialize(RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1)).Replace("\"threads\":1", "\"threads\":1,\"color\":2");

        var exception = Assert.Throws<JsonException>(() => RunSettingsJson.Deserialize(json));

        Assert.StartsWith("color: unknown field in run settings; expected dataset, mixture, seed, epochs,", exception.Message);
    }

    [Fact]
    public void Deserialize_missing_field_throws()
    {
        var json = RunSettingsJson.Serialize(RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1)).Replace(",\"threads\":1", "");

        var exception = Assert.Throws<JsonException>(() => RunSettingsJson.Deserialize(json));

        Assert.Equal("threads: missing from run settings; canonical settings JSON carries every field.", exception.Message);
    }

    [Fact]
    public void Deserialize_wrong_type_names_field()
    {
        var json = RunSettingsJson.Serialize(RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1)).Replace("\"epochs\":20000", "\"epochs\":\"many\"");

        var exception = Assert.Throws<JsonException>(() => RunSettingsJson.Deserialize(json));

        Assert.Equal("epochs: expected a whole number, found \"many\"; write a value such as 200.", exception.Message);
    }
}
