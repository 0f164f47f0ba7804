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
}
