namespace Dagmm.Core.Datasets;

/// <summary>
/// Scaled train and test matrices of one run: the <see cref="DataSplit"/> of a seed, with a
/// <see cref="FeatureScaler"/> fitted on the training rows and applied to both sets.
/// </summary>
public sealed class PreparedData
{
    private PreparedData(DatasetId id, int featureCount, DataSplit split, FeatureScaler scaler, float[] train, float[] test, bool[] testIsAnomaly)
    {
        Id = id;
        FeatureCount = featureCount;
        Split = split;
        Scaler = scaler;
        Train = train;
        Test = test;
        TestIsAnomaly = testIsAnomaly;
    }

    public DatasetId Id { get; }

    public int Seed => Split.Seed;

    public int FeatureCount { get; }

    public DataSplit Split { get; }

    /// <summary>Scaled training rows, row-major [TrainRows * FeatureCount]. All are of the normal class.</summary>
    public float[] Train { get; }

    public int TrainRows => Split.TrainRows.Length;

    /// <summary>Scaled test rows, row-major [TestRows * FeatureCount].</summary>
    public float[] Test { get; }

    public int TestRows => Split.TestRows.Length;

    /// <summary>Label of every test row.</summary>
    public bool[] TestIsAnomaly { get; }

    /// <summary>Dataset row of each training row.</summary>
    public int[] TrainSampleIndex => Split.TrainRows;

    /// <summary>Dataset row of each test row.</summary>
    public int[] TestSampleIndex => Split.TestRows;

    /// <summary>Scaler fitted on the training rows alone.</summary>
    public FeatureScaler Scaler { get; }

    /// <summary>
    /// Splits <paramref name="data"/> for <paramref name="seed"/> and scales both sets. When the
    /// data has missing values (NaN), each one first becomes the mean of its feature over the
    /// training rows, or over every row when no training row has a value for that feature.
    /// </summary>
    /// <summary>Fewest training rows a run can train on: a batch's covariance needs two.</summary>
    public const int MinimumTrainRows = 2;

    public static PreparedData Create(LabeledDataset data, int seed, ScalingKind scaling)
    {
        ArgumentNullException.ThrowIfNull(data);
        var split = DataSplit.Create(data, seed);
        if (split.TrainRows.Length < MinimumTrainRows)
        {
            throw new InvalidOperationException(
                $"the training split has {split.TrainRows.Length} rows (half of the normal rows), and training needs at least {MinimumTrainRows}, because a batch's covariance needs two; add normal rows to the dataset");
        }

        var features = data.HasMissingValues ? ImputeMeans(data, split.TrainRows) : data.Features;
        var scaler = FeatureScaler.Fit(features, data.FeatureCount, split.TrainRows, scaling);
        var train = scaler.Transform(features, data.FeatureCount, split.TrainRows);
        var test = scaler.Transform(features, data.FeatureCount, split.TestRows);
        var testIsAnomaly = Array.ConvertAll(split.TestRows, row => data.IsAnomaly[row]);
        return new PreparedData(data.Id, data.FeatureCount, split, scaler, train, test, testIsAnomaly);
    }

    /// <summary>Returns a copy of the features with every NaN replaced by its feature's mean over <paramref name="trainRows"/>.</summary>
    private static float[] ImputeMeans(LabeledDataset data, int[] trainRows)
    {
        var featureCount = data.FeatureCount;
        var features = (float[])data.Features.Clone();
        var trainMeans = ColumnMeans(features, featureCount, trainRows);
        var allMeans = ColumnMeans(features, featureCount, Enumerable.Range(0, data.Rows));
        for (var index = 0; index < features.Length; index++)
        {
            if (float.IsNaN(features[index]))
            {
                var j = index % featureCount;
                features[index] = (float)(double.IsNaN(trainMeans[j]) ? allMeans[j] : trainMeans[j]);
            }
        }

        return features;
    }

    // mean_j = sum of the non-NaN x_ij over the rows / their count; NaN when no row has a value.
    private static double[] ColumnMeans(float[] features, int featureCount, IEnumerable<int> rows)
    {
        var sums = new double[featureCount];
        var counts = new int[featureCount];
        foreach (var row in rows)
        {
            var values = features.AsSpan(row * featureCount, featureCount);
            for (var j = 0; j < featureCount; j++)
            {
                if (!float.IsNaN(values[j]))
                {
                    sums[j] += values[j];
                    counts[j]++;
                }
            }
        }

        return [.. sums.Select((sum, j) => counts[j] == 0 ? double.NaN : sum / counts[j])];
    }
}
