using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class ExperimentFilesTests
{
    [Fact]
    public void Quick_has_twenty_four_runs()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/quick.json"));

        Assert.Equal("quick", sweep.Name);
        Assert.Equal(24, sweep.Runs.Count);
    }

    [Fact]
    public void Quick_covers_datasets_and_families()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/quick.json"));

        var combinations = sweep.Runs.Select(run => (run.Settings.Dataset, run.Settings.Mixture.Family)).Distinct().Count();
        Assert.Equal(12, combinations);
        Assert.Equal([1, 2], sweep.Runs.Select(run => run.Settings.Seed).Distinct().Order());
    }

    [Fact]
    public void Quick_shortens_every_dataset()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/quick.json"));

        var epochs = sweep.Runs.GroupBy(run => run.Settings.Dataset).ToDictionary(group => group.Key, group => group.Select(run => run.Settings.Epochs).Distinct().Single());
        Assert.Equal(4, epochs[DatasetId.Kddcup99]);
        Assert.Equal(8, epochs[DatasetId.Kddcup99Rev]);
        Assert.Equal(1000, epochs[DatasetId.Thyroid]);
        Assert.Equal(1000, epochs[DatasetId.Arrhythmia]);
    }

    [Fact]
    public void Paper_table2_has_hundred_runs()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-table2.json"));

        Assert.Equal("paper-table2", sweep.Name);
        Assert.Equal(100, sweep.Runs.Count);
    }

    [Fact]
    public void Paper_table2_trained_runs_use_presets()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-table2.json"));

        var trained = sweep.Runs.Where(run => run.Settings.Epochs != 0).ToList();
        Assert.Equal(80, trained.Count);
        foreach (var run in trained)
        {
            var preset = RunSettings.ForPreset(run.Settings.Dataset, run.Settings.Mixture, run.Settings.Seed);
            Assert.Equal(RunSettingsJson.Serialize(preset), RunSettingsJson.Serialize(run.Settings));
        }
    }

    [Fact]
    public void Paper_table2_baseline_is_untrained_gaussian()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-table2.json"));

        var baseline = sweep.Runs.Where(run => run.Settings.Epochs == 0).ToList();
        Assert.Equal(20, baseline.Count);
        Assert.All(baseline, run => Assert.Equal(MixtureSpec.Gaussian, run.Settings.Mixture));
        Assert.Equal(4, baseline.Select(run => run.Settings.Dataset).Distinct().Count());
    }

    [Fact]
    public void Paper_table2_lists_four_mixture_labels()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-table2.json"));

        var labels = sweep.Runs.Select(run => run.Settings.Mixture.Label).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["gaussian", "laplace", "student-t-learned", "student-t-nu4"], labels);
    }

    [Fact]
    public void Paper_table2_20seeds_matches_table2_but_seeds()
    {
        var five = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-table2.json"));
        var twenty = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-table2-20seeds.json"));

        Assert.Equal("paper-table2-20seeds", twenty.Name);
        Assert.Equal(400, twenty.Runs.Count);
        Assert.Equal(Enumerable.Range(1, 20), twenty.Runs.Select(run => run.Settings.Seed).Distinct().Order());
        var firstFiveSeeds = twenty.Runs.Where(run => run.Settings.Seed <= 5).Select(run => RunSettingsJson.Serialize(run.Settings));
        Assert.Equal(five.Runs.Select(run => RunSettingsJson.Serialize(run.Settings)).Order(StringComparer.Ordinal), firstFiveSeeds.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("experiments/kddcup99-variants.json", 6)]
    [InlineData("experiments/paper-zscore-kdd.json", 50)]
    public void Experiment_file_parses(string path, int runs)
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf(path));

        Assert.Equal(Path.GetFileNameWithoutExtension(path), sweep.Name);
        Assert.Equal(runs, sweep.Runs.Count);
    }

    [Fact]
    public void Zscore_sweep_scales_every_run()
    {
        var sweep = SweepFile.Load(RepositoryFiles.PathOf("experiments/paper-zscore-kdd.json"));

        Assert.All(sweep.Runs, run => Assert.Equal(ScalingKind.ZScore, run.Settings.Scaling));
        Assert.Equal(10, sweep.Runs.Count(run => run.Settings.Epochs == 0));
    }
}
