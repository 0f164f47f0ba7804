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

    /// <summary>Splits <paramref name="data"/> for <paramref name="seed"/> and scales both sets.</summary>
    public static PreparedData Create(LabeledDataset data, int seed, ScalingKind scaling)
    {
        ArgumentNullException.ThrowIfNull(data);
        var split = DataSplit.Create(data, seed);
        var scaler = FeatureScaler.Fit(data.Features, data.FeatureCount, split.TrainRows, scaling);
        var train = scaler.Transform(data.Features, data.FeatureCount, split.TrainRows);
        var test = scaler.Transform(data.Features, data.FeatureCount, split.TestRows);
        var testIsAnomaly = Array.ConvertAll(split.TestRows, row => data.IsAnomaly[row]);
        return new PreparedData(data.Id, data.FeatureCount, split, scaler, train, test, testIsAnomaly);
    }
}
