using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class SweepFileTests
{
    [Fact]
    public void Parse_grid_multiplies_runs()
    {
        const string Json = """
            {
              "name": "grid-test",
              "datasets": ["thyroid", "arrhythmia"],
              "mixtures": ["gaussian", "laplace", "student-t"],
              "seeds": [1, 2, 3],
              "grid": { "epochs": [0, 5] }
            }
            """;

        var sweep = SweepFile.Parse(Json, "sweep.json");

        Assert.Equal(36, sweep.Runs.Count);
        Assert.Equal(18, sweep.Runs.Count(run => run.Settings.Epochs == 0));
        Assert.Equal(18, sweep.Runs.Count(run => run.Settings.Epochs == 5));
        Assert.Equal(36, sweep.Runs.Select(run => run.RunKey).Distinct().Count());
    }

    [Fact]
    public void Parse_two_grid_axes_cross()
    {
        const string Json = """
            {
              "name": "axes",
              "datasets": ["thyroid"],
              "mixtures": ["gaussian"],
              "seeds": 1,
              "grid": { "epochs": [1, 2, 3], "learningRate": [0.001, 0.0001] }
            }
            """;

        var sweep = SweepFile.Parse(Json, "sweep.json");

        var points = sweep.Runs.Select(run => (run.Settings.Epochs, run.Settings.LearningRate)).ToList();
        Assert.Equal([(1, 0.001), (1, 0.0001), (2, 0.001), (2, 0.0001), (3, 0.001), (3, 0.0001)], points);
    }

    [Fact]
    public void Parse_keeps_name_attempts_and_text()
    {
        const string Json = """{"name": "kept", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1, "maxAttempts": 5}""";

        var sweep = SweepFile.Parse(Json, "sweep.json");

        Assert.Equal("kept", sweep.Name);
        Assert.Equal(5, sweep.MaxAttempts);
        Assert.Equal(Json, sweep.SourceJson);
    }

    [Fact]
    public void Parse_defaults_max_attempts_to_three()
    {
        var sweep = SweepFile.Parse("""{"name": "d", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""", "sweep.json");

        Assert.Equal(3, sweep.MaxAttempts);
    }

    [Fact]
    public void Parse_seed_count_means_one_to_n()
    {
        var sweep = SweepFile.Parse("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 4}""", "sweep.json");

        Assert.Equal([1, 2, 3, 4], sweep.Runs.Select(run => run.Settings.Seed));
    }

    [Fact]
    public void Parse_seed_list_keeps_values()
    {
        var sweep = SweepFile.Parse("""{"name": "s", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": [7, 0, 42]}""", "sweep.json");

        Assert.Equal([7, 0, 42], sweep.Runs.Select(run => run.Settings.Seed));
    }

    [Fact]
    public void Parse_without_overrides_uses_presets()
    {
        var sweep = SweepFile.Parse("""{"name": "p", "datasets": ["arrhythmia"], "mixtures": ["laplace"], "seeds": [3]}""", "sweep.json");

        var expected = RunSettingsJson.Serialize(RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Laplace, 3));
        Assert.Equal(expected, RunSettingsJson.Serialize(sweep.Runs.Single().Settings));
    }

    [Fact]
    public void Parse_orders_runs_dataset_mixture_grid_seed()
    {
        const string Json = """
            {
              "name": "order",
              "datasets": ["thyroid", "arrhythmia"],
              "mixtures": ["laplace", "gaussian"],
              "seeds": 2,
              "grid": { "batchSize": [64, 128] }
            }
            """;

        var sweep = SweepFile.Parse(Json, "sweep.json");

        var keys = sweep.Runs.Take(5).Select(run =>
            $"{run.Settings.Dataset.ToName()} {run.Settings.Mixture.Label} {run.Settings.BatchSize} {run.Settings.Seed}");
        Assert.Equal(
            ["thyroid laplace 64 1", "thyroid laplace 64 2", "thyroid laplace 128 1", "thyroid laplace 128 2", "thyroid gaussian 64 1"],
            keys);
    }

    [Fact]
    public void Parse_applies_every_setting_name()
    {
        const string Json = """
            {
              "name": "all-settings",
              "datasets": ["thyroid"],
              "mixtures": ["gaussian"],
              "seeds": 1,
              "overrides": {
                "epochs": 7, "batchSize": 256, "learningRate": 0.001, "lambdaEnergy": 0.2,
                "lambdaCovariance": 0.01, "dropout": 0.25, "gradientClip": 2.5, "threshold": "oracle-count",
                "anomalyRatio": 0.05, "scaling": "z-score", "covarianceJitter": 1e-5, "components": 3,
                "encoderLayers": [8, 3], "estimationHidden": 6, "threads": 2
              }
            }
            """;

        var settings = SweepFile.Parse(Json, "sweep.json").Runs.Single().Settings;

        Assert.Equal(7, settings.Epochs);
        Assert.Equal(256, settings.BatchSize);
        Assert.Equal(0.001, settings.LearningRate);
        Assert.Equal(0.2, settings.LambdaEnergy);
        Assert.Equal(0.01, settings.LambdaCovariance);
        Assert.Equal(0.25, settings.Dropout);
        Assert.Equal(2.5, settings.GradientClip);
        Assert.Equal(ThresholdProtocol.OracleCount, settings.Threshold);
        Assert.Equal(0.05, settings.AnomalyRatio);
        Assert.Equal(ScalingKind.ZScore, settings.Scaling);
        Assert.Equal(1e-5, settings.CovarianceJitter);
        Assert.Equal(3, settings.Components);
        Assert.Equal([8, 3], settings.EncoderLayers);
        Assert.Equal(6, settings.EstimationHidden);
        Assert.Equal(2, settings.Threads);
    }

    [Fact]
    public void Parse_applies_overrides_in_precedence_order()
    {
        const string Json = """
            {
              "name": "precedence",
              "datasets": ["thyroid", "arrhythmia"],
              "mixtures": ["laplace", { "family": "gaussian", "overrides": { "batchSize": 16 } }],
              "seeds": 1,
              "overrides": { "epochs": 5, "batchSize": 32 },
              "datasetOverrides": { "thyroid": { "epochs": 100, "batchSize": 64 } },
              "grid": { "dropout": [0.3] }
            }
            """;

        var runs = SweepFile.Parse(Json, "sweep.json").Runs
            .ToDictionary(run => $"{run.Settings.Dataset.ToName()} {run.Settings.Mixture.Label}", run => run.Settings);

        Assert.Equal(100, runs["thyroid laplace"].Epochs);
        Assert.Equal(64, runs["thyroid laplace"].BatchSize);
        Assert.Equal(16, runs["thyroid gaussian"].BatchSize);
        Assert.Equal(5, runs["arrhythmia laplace"].Epochs);
        Assert.Equal(32, runs["arrhythmia laplace"].BatchSize);
        Assert.Equal(16, runs["arrhythmia gaussian"].BatchSize);
        Assert.Equal(0.3, runs["arrhythmia gaussian"].Dropout);
    }

    [Fact]
    public void Parse_reads_mixture_objects()
    {
        const string Json = """
            {
              "name": "mixtures",
              "datasets": ["thyroid"],
              "mixtures": [
                "student-t",
                { "family": "student-t", "nu": 2.5 },
                { "family": "student-t", "nu": "learned" },
                { "family": "laplace" }
              ],
              "seeds": 1
            }
            """;

        var mixtures = SweepFile.Parse(Json, "sweep.json").Runs.Select(run => run.Settings.Mixture).ToList();

        Assert.Equal([MixtureSpec.StudentT(), MixtureSpec.StudentT(2.5), MixtureSpec.StudentTLearned, MixtureSpec.Laplace], mixtures);
    }

    [Fact]
    public void Parse_accepts_comments_and_trailing_commas()
    {
        const string Json = """
            {
              // a comment
              "name": "relaxed",
              "datasets": ["thyroid",],
              "mixtures": ["gaussian"],
              "seeds": 1,
            }
            """;

        Assert.Single(SweepFile.Parse(Json, "sweep.json").Runs);
    }

    [Fact]
    public void Parse_builds_keys_from_sweep_name()
    {
        var sweep = SweepFile.Parse("""{"name": "keys", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": [2]}""", "sweep.json");

        var run = sweep.Runs.Single();
        Assert.Equal(RunKeys.Create("keys", run.Settings), run.RunKey);
    }

    [Fact]
    public void Load_reads_file_from_disk()
    {
        using var folder = new Support.TemporaryFolder();
        var path = Path.Combine(folder.Path, "disk.json");
        File.WriteAllText(path, """{"name": "disk", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2}""");

        var sweep = SweepFile.Load(path);

        Assert.Equal(2, sweep.Runs.Count);
    }
}
