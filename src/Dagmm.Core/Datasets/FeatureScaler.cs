namespace Dagmm.Core.Datasets;

/// <summary>
/// Per-feature affine scaling x' = (x - Offset[j]) / Scale[j], fitted on training rows only.
/// Min-max uses Offset = min and Scale = max - min. Z-score uses Offset = mean and Scale = the
/// population standard deviation (divisor n). A column that is constant on the training rows gets
/// Offset = its value and Scale = 1, so it maps to 0 there and never divides by zero.
/// </summary>
public sealed class FeatureScaler
{
    private FeatureScaler(ScalingKind kind, float[] offset, float[] scale)
    {
        Kind = kind;
        Offset = offset;
        Scale = scale;
    }

    public ScalingKind Kind { get; }

    /// <summary>Value subtracted from each feature, one per feature.</summary>
    public float[] Offset { get; }

    /// <summary>Positive divisor of each feature after the offset, one per feature.</summary>
    public float[] Scale { get; }

    public int FeatureCount => Offset.Length;

    /// <summary>Fits the scaling to <paramref name="rows"/> of a row-major feature array.</summary>
    /// <param name="features">Row-major values, a multiple of <paramref name="featureCount"/> long.</param>
    /// <param name="rows">Row indices to fit on, at least one.</param>
    public static FeatureScaler Fit(float[] features, int featureCount, IReadOnlyList<int> rows, ScalingKind kind)
    {
        ValidateRows(features, featureCount, rows);
        if (rows.Count == 0)
        {
            throw new ArgumentException("Fitting a scaler needs at least one row.", nameof(rows));
        }

        var minimum = new float[featureCount];
        var maximum = new float[featureCount];
        var sum = new double[featureCount];
        Array.Fill(minimum, float.PositiveInfinity);
        Array.Fill(maximum, float.NegativeInfinity);
        foreach (var row in rows)
        {
            var values = features.AsSpan(row * featureCount, featureCount);
            for (var j = 0; j < featureCount; j++)
            {
                minimum[j] = Math.Min(minimum[j], values[j]);
                maximum[j] = Math.Max(maximum[j], values[j]);
                sum[j] += values[j];
            }
        }

        var offset = new float[featureCount];
        var scale = new float[featureCount];
        var deviation = kind == ScalingKind.ZScore ? StandardDeviations(features, featureCount, rows, sum) : null;
        for (var j = 0; j < featureCount; j++)
        {
            (offset[j], scale[j]) = kind switch
            {
                ScalingKind.MinMax => (minimum[j], maximum[j] - minimum[j]),
                ScalingKind.ZScore => ((float)(sum[j] / rows.Count), (float)deviation![j]),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected MinMax or ZScore."),
            };

            if (minimum[j] == maximum[j])
            {
                (offset[j], scale[j]) = (minimum[j], 1f);
            }
            else if (!(scale[j] > 0))
            {
                // A spread below float precision rounds the standard deviation to 0.
                scale[j] = 1f;
            }
        }

        return new FeatureScaler(kind, offset, scale);
    }

    /// <summary>Restores a fitted scaler, for example from a saved model. The arrays are copied.</summary>
    public static FeatureScaler FromParameters(ScalingKind kind, float[] offset, float[] scale)
    {
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(scale);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Expected MinMax or ZScore.");
        }

        if (offset.Length == 0 || offset.Length != scale.Length)
        {
            throw new ArgumentException(
                $"offset has {offset.Length} values and scale {scale.Length}; both need one value per feature.",
                nameof(scale));
        }

        for (var j = 0; j < offset.Length; j++)
        {
            if (!float.IsFinite(offset[j]))
            {
                throw new ArgumentException($"offset[{j}] is {offset[j]}; it must be finite.", nameof(offset));
            }

            if (!float.IsFinite(scale[j]) || scale[j] <= 0)
            {
                throw new ArgumentException($"scale[{j}] is {scale[j]}; it must be finite and positive.", nameof(scale));
            }
        }

        return new FeatureScaler(kind, [.. offset], [.. scale]);
    }

    /// <summary>Returns a new row-major array with the scaled values of <paramref name="rows"/>, in that order.</summary>
    public float[] Transform(float[] features, int featureCount, IReadOnlyList<int> rows)
    {
        ValidateRows(features, featureCount, rows);
        if (featureCount != FeatureCount)
        {
            throw new ArgumentException(
                $"The scaler was fitted on {FeatureCount} features but featureCount is {featureCount}.",
                nameof(featureCount));
        }

        var scaled = new float[rows.Count * featureCount];
        for (var i = 0; i < rows.Count; i++)
        {
            var source = features.AsSpan(rows[i] * featureCount, featureCount);
            var target = scaled.AsSpan(i * featureCount, featureCount);
            for (var j = 0; j < featureCount; j++)
            {
                target[j] = (source[j] - Offset[j]) / Scale[j];
            }
        }

        return scaled;
    }

    // sqrt(sum_i (x_ij - mean_j)^2 / n), in a second pass for accuracy.
    private static double[] StandardDeviations(float[] features, int featureCount, IReadOnlyList<int> rows, double[] sum)
    {
        var mean = Array.ConvertAll(sum, total => total / rows.Count);
        var squares = new double[featureCount];
        foreach (var row in rows)
        {
            var values = features.AsSpan(row * featureCount, featureCount);
            for (var j = 0; j < featureCount; j++)
            {
                var difference = values[j] - mean[j];
                squares[j] += difference * difference;
            }
        }

        return Array.ConvertAll(squares, total => Math.Sqrt(total / rows.Count));
    }

    private static void ValidateRows(float[] features, int featureCount, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.Length % featureCount != 0)
        {
            throw new ArgumentException(
                $"features has {features.Length} values, which is not a multiple of featureCount {featureCount}.",
                nameof(features));
        }

        var rowCount = features.Length / featureCount;
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)rowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), row, $"Row index must be in [0, {rowCount}).");
            }
        }
    }
}
