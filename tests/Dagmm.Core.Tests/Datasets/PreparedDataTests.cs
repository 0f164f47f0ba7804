using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class PreparedDataTests
{
    private static LabeledDataset Load(DatasetId id) => DatasetCache.Shared.Get(id, SharedData.Directory);

    [Fact]
    public void Create_thyroid_minmax_train_spans_unit_range()
    {
        var prepared = PreparedData.Create(Load(DatasetId.Thyroid), seed: 0, ScalingKind.MinMax);

        for (var j = 0; j < prepared.FeatureCount; j++)
        {
            var column = Enumerable.Range(0, prepared.TrainRows).Select(row => prepared.Train[row * prepared.FeatureCount + j]).ToArray();
            Assert.Equal(0f, column.Min());
            Assert.Equal(1f, column.Max());
        }
    }

    [Fact]
    public void Create_scaler_fits_training_rows_only()
    {
        var data = Load(DatasetId.Thyroid);

        var prepared = PreparedData.Create(data, seed: 1, ScalingKind.MinMax);

        var onTrain = FeatureScaler.Fit(data.Features, data.FeatureCount, prepared.TrainSampleIndex, ScalingKind.MinMax);
        var onAll = FeatureScaler.Fit(data.Features, data.FeatureCount, Enumerable.Range(0, data.Rows).ToArray(), ScalingKind.MinMax);
        Assert.Equal(onTrain.Offset, prepared.Scaler.Offset);
        Assert.Equal(onTrain.Scale, prepared.Scaler.Scale);
        Assert.NotEqual(onAll.Scale, prepared.Scaler.Scale);
    }

    [Fact]
    public void Create_test_rows_follow_sample_index()
    {
        var data = Load(DatasetId.Arrhythmia);

        var prepared = PreparedData.Create(data, seed: 2, ScalingKind.ZScore);

        var row = 17;
        var expected = prepared.Scaler.Transform(data.Features, data.FeatureCount, [prepared.TestSampleIndex[row]]);
        Assert.Equal(expected, prepared.Test.AsSpan(row * prepared.FeatureCount, prepared.FeatureCount).ToArray());
        Assert.Equal(data.IsAnomaly[prepared.TestSampleIndex[row]], prepared.TestIsAnomaly[row]);
    }

    [Fact]
    public void Create_zscore_train_columns_standardised()
    {
        var prepared = PreparedData.Create(Load(DatasetId.Thyroid), seed: 3, ScalingKind.ZScore);

        for (var j = 0; j < prepared.FeatureCount; j++)
        {
            var column = Enumerable.Range(0, prepared.TrainRows).Select(row => (double)prepared.Train[row * prepared.FeatureCount + j]).ToArray();
            var mean = column.Average();
            var deviation = Math.Sqrt(column.Average(value => (value - mean) * (value - mean)));
            Assert.Equal(0.0, mean, 5);
            Assert.Equal(1.0, deviation, 4);
        }
    }

    [Fact]
    public void Create_kddcup99_shapes()
    {
        var prepared = PreparedData.Create(Load(DatasetId.Kddcup99), seed: 0, ScalingKind.MinMax);

        Assert.Equal(118, prepared.FeatureCount);
        Assert.Equal(198_371, prepared.TrainRows);
        Assert.Equal(198_371 * 118, prepared.Train.Length);
        Assert.Equal(295_650, prepared.TestRows);
        Assert.Equal(295_650 * 118, prepared.Test.Length);
        Assert.Equal(97_278, prepared.TestIsAnomaly.Count(flag => flag));
    }

    [Fact]
    public void Create_reversed_kdd_samples_anomalies()
    {
        var prepared = PreparedData.Create(Load(DatasetId.Kddcup99Rev), seed: 0, ScalingKind.MinMax);

        Assert.Equal(48_639, prepared.TrainRows);
        Assert.Equal(72_958, prepared.TestRows);
        Assert.Equal(24_319, prepared.TestIsAnomaly.Count(flag => flag));
        Assert.Equal(DatasetId.Kddcup99Rev, prepared.Id);
        Assert.Equal(0, prepared.Seed);
    }
}
