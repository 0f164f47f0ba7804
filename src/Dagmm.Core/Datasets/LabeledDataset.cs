namespace Dagmm.Core.Datasets;

/// <summary>
/// Every row of one raw file as unscaled features and anomaly labels in the DAGMM convention of
/// its dataset. A run does not use all rows when <see cref="AnomalySampleCount"/> is set.
/// </summary>
public sealed class LabeledDataset
{
    private readonly int _anomalyRows;

    /// <summary>
    /// Wraps parsed rows without copying them.
    /// </summary>
    /// <param name="id">Dataset the rows belong to.</param>
    /// <param name="featureCount">Features per row, at least 1.</param>
    /// <param name="features">Row-major values, rows * featureCount of them.</param>
    /// <param name="isAnomaly">Label of every row. Its length sets <see cref="Rows"/>.</param>
    /// <param name="featureNames">One name per feature.</param>
    /// <param name="anomalySampleCount">Anomaly rows drawn per seed, at most the anomaly rows. Null uses all of them.</param>
    public LabeledDataset(
        DatasetId id,
        int featureCount,
        float[] features,
        bool[] isAnomaly,
        IReadOnlyList<string> featureNames,
        int? anomalySampleCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(isAnomaly);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.Length != (long)isAnomaly.Length * featureCount)
        {
            throw new ArgumentException(
                $"features has {features.Length} values but {isAnomaly.Length} rows of {featureCount} features need {(long)isAnomaly.Length * featureCount}.",
                nameof(features));
        }

        if (featureNames.Count != featureCount)
        {
            throw new ArgumentException(
                $"featureNames has {featureNames.Count} names but featureCount is {featureCount}.",
                nameof(featureNames));
        }

        _anomalyRows = isAnomaly.Count(flag => flag);
        HasMissingValues = features.AsSpan().IndexOfAnyExceptInRange(float.NegativeInfinity, float.PositiveInfinity) >= 0;
        if (anomalySampleCount is { } sample && (sample < 0 || sample > _anomalyRows))
        {
            throw new ArgumentOutOfRangeException(
                nameof(anomalySampleCount),
                sample,
                $"The sample must be between 0 and the {_anomalyRows} anomaly rows.");
        }

        Id = id;
        FeatureCount = featureCount;
        Features = features;
        IsAnomaly = isAnomaly;
        FeatureNames = featureNames;
        AnomalySampleCount = anomalySampleCount;
    }

    public DatasetId Id { get; }

    /// <summary>Rows in the file, including anomaly rows that a run may leave out.</summary>
    public int Rows => IsAnomaly.Length;

    public int FeatureCount { get; }

    /// <summary>
    /// Unscaled values, row-major [Rows * FeatureCount]. Instances from <see cref="DatasetCache"/>
    /// share this array with every caller (kddcup99 and kddcup99-rev share one), so do not modify it.
    /// </summary>
    public float[] Features { get; }

    /// <summary>
    /// True when some feature is NaN: a missing cell of a user's table loaded with
    /// <see cref="MissingValuePolicy.Mean"/>. <see cref="PreparedData.Create"/> imputes them.
    /// </summary>
    public bool HasMissingValues { get; }

    /// <summary>True for rows of the anomaly class of this dataset.</summary>
    public bool[] IsAnomaly { get; }

    /// <summary>One name per feature. One-hot features read "column=category", such as "service=http".</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>
    /// Anomaly rows that <see cref="DataSplit.Create"/> draws per seed. Null puts every anomaly
    /// row in the test set. Only kddcup99-rev sets it (24,319).
    /// </summary>
    public int? AnomalySampleCount { get; }

    /// <summary>Returns the rows and anomalies that one run of this dataset sees.</summary>
    public DatasetSummary Describe()
    {
        var anomalies = AnomalySampleCount ?? _anomalyRows;
        var rows = Rows - _anomalyRows + anomalies;
        return new DatasetSummary(Id, rows, FeatureCount, anomalies, rows == 0 ? 0 : (double)anomalies / rows);
    }
}
