using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Tests;

public sealed class ConfigLabelsTests
{
    [Fact]
    public void Labels_name_differing_settings()
    {
        RunRecord[] runs =
        [
            SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 3),
            SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 2, epochs: 3),
            SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 0),
        ];

        var labels = ConfigLabels.Describe(runs);

        Assert.Equal(2, labels.Count);
        Assert.Equal("epochs 3", labels[("thyroid", "gaussian", runs[0].Config)]);
        Assert.Equal("epochs 0 (untrained)", labels[("thyroid", "gaussian", runs[2].Config)]);
    }

    [Fact]
    public void Single_configuration_gets_no_label()
    {
        RunRecord[] runs =
        [
            SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 3),
            SweepSamples.Succeeded("grid", DatasetId.Arrhythmia, MixtureSpec.Gaussian, seed: 1, epochs: 0),
            SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Laplace, seed: 1, epochs: 0),
        ];

        Assert.Empty(ConfigLabels.Describe(runs));
    }

    [Fact]
    public void Unreadable_settings_leave_bare_hash()
    {
        var trained = SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 3);
        var untrained = SweepSamples.Succeeded("grid", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 0) with { SettingsJson = "not json" };

        Assert.Empty(ConfigLabels.Describe([trained, untrained]));
    }
}
