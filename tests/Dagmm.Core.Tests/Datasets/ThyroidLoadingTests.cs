using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class ThyroidLoadingTests
{
    private static readonly LabeledDataset Thyroid = DatasetLoader.Load(DatasetId.Thyroid, SharedData.Directory);

    [Fact]
    public void Thyroid_has_3772_rows()
    {
        Assert.Equal(3_772, Thyroid.Rows);
    }

    [Fact]
    public void Thyroid_keeps_six_continuous_columns()
    {
        Assert.Equal(6, Thyroid.FeatureCount);
        Assert.Equal(["age", "TSH", "T3", "TT4", "T4U", "FTI"], Thyroid.FeatureNames);
    }

    [Fact]
    public void Thyroid_class_1_is_anomaly()
    {
        Assert.Equal(93, Thyroid.IsAnomaly.Count(flag => flag));
    }

    [Fact]
    public void Thyroid_first_row_values()
    {
        Assert.Equal([0.73f, 0.0006f, 0.015f, 0.12f, 0.082f, 0.146f], Thyroid.Features[..6]);
        Assert.False(Thyroid.IsAnomaly[0]);
    }

    [Fact]
    public void Thyroid_describe_counts_all_rows()
    {
        var summary = Thyroid.Describe();

        Assert.Equal(3_772, summary.Rows);
        Assert.Equal(6, summary.Features);
        Assert.Equal(93, summary.Anomalies);
        Assert.Equal(93.0 / 3_772, summary.AnomalyRatio);
    }
}
