using Dagmm.Core.Evaluation;

namespace Dagmm.Core.Tests.Evaluation;

// Expected values follow numpy.percentile's default ("linear") method, computed by hand:
// sort, h = (n - 1) p, then x_floor(h) + (h - floor(h)) * (x_floor(h)+1 - x_floor(h)).
public class QuantileTests
{
    [Fact]
    public void Quantile_median_of_four_values()
    {
        // h = 3 * 0.5 = 1.5, so 2 + 0.5 * (3 - 2) = 2.5.
        Assert.Equal(2.5, AnomalyEvaluator.Quantile([1.0, 2.0, 3.0, 4.0], 0.5));
    }

    [Fact]
    public void Quantile_eighty_percent_of_four_values()
    {
        // h = 3 * 0.8 = 2.4, so 3 + 0.4 * (4 - 3) = 3.4. The tolerance is there because 3.4 has no exact binary form.
        Assert.Equal(3.4, AnomalyEvaluator.Quantile([1.0, 2.0, 3.0, 4.0], 0.8), 1e-12);
    }

    [Fact]
    public void Quantile_sorts_unsorted_input()
    {
        // Sorted [0, 5, 10], h = 2 * 0.25 = 0.5, so 0 + 0.5 * (5 - 0) = 2.5.
        Assert.Equal(2.5, AnomalyEvaluator.Quantile([10.0, 0.0, 5.0], 0.25));
    }

    [Fact]
    public void Quantile_hits_order_statistic_exactly()
    {
        // Sorted [-3, -1, 2, 7, 8], h = 4 * 0.75 = 3, so x_3 = 7.
        Assert.Equal(7.0, AnomalyEvaluator.Quantile([8.0, -1.0, 7.0, -3.0, 2.0], 0.75));
    }

    [Fact]
    public void Quantile_with_repeated_values()
    {
        // Sorted [1, 1, 1, 5], h = 3 * 0.9 = 2.7, so 1 + 0.7 * (5 - 1) = 3.8.
        Assert.Equal(3.8, AnomalyEvaluator.Quantile([1.0, 5.0, 1.0, 1.0], 0.9), 1e-12);
    }

    [Fact]
    public void Quantile_probability_bounds_give_extremes()
    {
        double[] values = [4.0, -2.0, 9.5, 3.0];

        Assert.Equal(-2.0, AnomalyEvaluator.Quantile(values, 0.0));
        Assert.Equal(9.5, AnomalyEvaluator.Quantile(values, 1.0));
    }

    [Fact]
    public void Quantile_single_value_returns_it()
    {
        Assert.Equal(7.0, AnomalyEvaluator.Quantile([7.0], 0.3));
    }

    [Fact]
    public void Quantile_leaves_input_unchanged()
    {
        double[] values = [3.0, 1.0, 2.0];

        AnomalyEvaluator.Quantile(values, 0.5);

        Assert.Equal([3.0, 1.0, 2.0], values);
    }

    [Fact]
    public void Quantile_is_monotonic_in_probability()
    {
        double[] values = [0.1, 0.7, 0.3, 12.0, -4.0, 0.3];
        var previous = double.NegativeInfinity;
        for (var step = 0; step <= 1000; step++)
        {
            var current = AnomalyEvaluator.Quantile(values, step / 1000.0);
            Assert.True(current >= previous, $"quantile fell from {previous} to {current} at p = {step / 1000.0}");
            previous = current;
        }
    }

    [Fact]
    public void Quantile_empty_values_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => AnomalyEvaluator.Quantile([], 0.5));

        Assert.Equal("values", exception.ParamName);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Quantile_probability_outside_unit_interval_rejected(double probability)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => AnomalyEvaluator.Quantile([1.0, 2.0], probability));

        Assert.Equal("probability", exception.ParamName);
    }

    [Fact]
    public void Quantile_nan_value_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => AnomalyEvaluator.Quantile([1.0, double.NaN], 0.5));

        Assert.Equal("values", exception.ParamName);
    }
}
