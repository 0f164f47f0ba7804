using Dagmm.Core.Datasets;

namespace Dagmm.Core.Tests.Datasets;

public class FeatureScalerTests
{
    // Three rows of two features. The second feature is constant.
    private static readonly float[] Values = [1f, 10f, 3f, 10f, 5f, 10f];

    [Fact]
    public void Fit_minmax_offset_is_minimum()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.MinMax);

        Assert.Equal([1f, 10f], scaler.Offset);
        Assert.Equal(ScalingKind.MinMax, scaler.Kind);
    }

    [Fact]
    public void Fit_minmax_scale_is_range()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.MinMax);

        Assert.Equal(4f, scaler.Scale[0]);
    }

    [Fact]
    public void Fit_constant_column_gets_scale_one()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.ZScore);

        Assert.Equal(10f, scaler.Offset[1]);
        Assert.Equal(1f, scaler.Scale[1]);
    }

    [Fact]
    public void Transform_constant_column_maps_to_zero()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.MinMax);

        var scaled = scaler.Transform(Values, 2, [0, 1, 2]);

        Assert.Equal([0f, 0f, 0f], [scaled[1], scaled[3], scaled[5]]);
    }

    [Fact]
    public void Fit_zscore_uses_population_deviation()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.ZScore);

        Assert.Equal(3f, scaler.Offset[0]);
        Assert.Equal((float)Math.Sqrt(8.0 / 3.0), scaler.Scale[0]);
    }

    [Fact]
    public void Fit_uses_only_given_rows()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1], ScalingKind.MinMax);

        Assert.Equal(1f, scaler.Offset[0]);
        Assert.Equal(2f, scaler.Scale[0]);
    }

    [Fact]
    public void Transform_unseen_row_exceeds_range()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1], ScalingKind.MinMax);

        var scaled = scaler.Transform(Values, 2, [2]);

        Assert.Equal([2f, 0f], scaled);
    }

    [Fact]
    public void Transform_returns_rows_in_given_order()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.MinMax);

        var scaled = scaler.Transform(Values, 2, [2, 0]);

        Assert.Equal([1f, 0f, 0f, 0f], scaled);
    }

    [Fact]
    public void Transform_wrong_feature_count_throws()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.MinMax);

        Assert.Throws<ArgumentException>(() => scaler.Transform(Values, 3, [0]));
    }

    [Fact]
    public void Transform_row_out_of_range_throws()
    {
        var scaler = FeatureScaler.Fit(Values, 2, [0, 1, 2], ScalingKind.MinMax);

        Assert.Throws<ArgumentOutOfRangeException>(() => scaler.Transform(Values, 2, [3]));
    }

    [Fact]
    public void Fit_without_rows_throws()
    {
        Assert.Throws<ArgumentException>(() => FeatureScaler.Fit(Values, 2, [], ScalingKind.MinMax));
    }

    [Fact]
    public void FromParameters_restores_same_transform()
    {
        var fitted = FeatureScaler.Fit(Values, 2, [0, 1], ScalingKind.ZScore);

        var restored = FeatureScaler.FromParameters(fitted.Kind, fitted.Offset, fitted.Scale);

        Assert.Equal(fitted.Transform(Values, 2, [0, 1, 2]), restored.Transform(Values, 2, [0, 1, 2]));
    }

    [Fact]
    public void FromParameters_copies_arrays()
    {
        float[] offset = [1f];
        var restored = FeatureScaler.FromParameters(ScalingKind.MinMax, offset, [2f]);

        offset[0] = 5f;

        Assert.Equal(1f, restored.Offset[0]);
    }

    [Fact]
    public void FromParameters_zero_scale_throws()
    {
        var error = Assert.Throws<ArgumentException>(() => FeatureScaler.FromParameters(ScalingKind.MinMax, [0f, 0f], [1f, 0f]));

        Assert.Equal("scale", error.ParamName);
        Assert.StartsWith("scale[1] is 0; it must be finite and positive.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromParameters_length_mismatch_throws()
    {
        Assert.Throws<ArgumentException>(() => FeatureScaler.FromParameters(ScalingKind.MinMax, [0f, 0f], [1f]));
    }
}
