using Dagmm.Core.Evaluation;

namespace Dagmm.Core.Tests.Evaluation;

public class EvaluateTests
{
    [Fact]
    public void Evaluate_test_ratio_confusion_table()
    {
        // Test energies 1..10, anomalies at energies 5, 8 and 10. Threshold: h = 9 * 0.8 = 7.2,
        // so 8 + 0.2 * (9 - 8) = 8.2, and energies 9 and 10 are flagged.
        // TP = 1 (10), FP = 1 (9), FN = 2 (5, 8), TN = 6.
        // P = 1/2, R = 1/3, F1 = 2 * (1/2)(1/3) / (1/2 + 1/3) = 0.4, accuracy = 7/10.
        // AUROC: 5 beats 4 negatives, 8 beats 6, 10 beats all 7, so U = 17 of 3 * 7 = 21 pairs.
        // AUPRC: descending, positives arrive at P = 1, 2/3 and 3/6, so AP = (1 + 2/3 + 1/2) / 3 = 13/18.
        double[] test = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        bool[] isAnomaly = [false, false, false, false, true, false, false, true, false, true];

        var metrics = AnomalyEvaluator.Evaluate([], test, isAnomaly, ThresholdProtocol.TestRatio, 0.2);

        Assert.Equal(ThresholdProtocol.TestRatio, metrics.Protocol);
        Assert.Equal(8.2, metrics.Threshold, 1e-12);
        Assert.Equal(1, metrics.TruePositives);
        Assert.Equal(1, metrics.FalsePositives);
        Assert.Equal(6, metrics.TrueNegatives);
        Assert.Equal(2, metrics.FalseNegatives);
        Assert.Equal(0.5, metrics.Precision);
        Assert.Equal(1.0 / 3.0, metrics.Recall);
        Assert.Equal(0.4, metrics.F1);
        Assert.Equal(0.7, metrics.Accuracy);
        Assert.Equal(17.0 / 21.0, metrics.Auroc, 1e-15);
        Assert.Equal(13.0 / 18.0, metrics.Auprc, 1e-15);
    }

    [Fact]
    public void Evaluate_pooled_ratio_confusion_table()
    {
        // Pooled energies sorted: 1 2 2 3 4 5 6 7 7.5 8 8.5 9 10 (n = 13), rho = 0.25,
        // h = 12 * 0.75 = 9, so the threshold is x_9 = 8.
        // Flagged test energies (> 8): 9, 10, 8.5. Anomalies: 9, 7.5, 10.
        // TP = 2 (9, 10), FP = 1 (8.5), FN = 1 (7.5), TN = 1 (2).
        // P = 2/3, R = 2/3, F1 = 2/3, accuracy = 3/5.
        double[] train = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        double[] test = [2.0, 9.0, 7.5, 10.0, 8.5];
        bool[] isAnomaly = [false, true, true, true, false];

        var metrics = AnomalyEvaluator.Evaluate(train, test, isAnomaly, ThresholdProtocol.PooledRatio, 0.25);

        Assert.Equal(8.0, metrics.Threshold);
        Assert.Equal(2, metrics.TruePositives);
        Assert.Equal(1, metrics.FalsePositives);
        Assert.Equal(1, metrics.TrueNegatives);
        Assert.Equal(1, metrics.FalseNegatives);
        Assert.Equal(2.0 / 3.0, metrics.Precision);
        Assert.Equal(2.0 / 3.0, metrics.Recall);
        Assert.Equal(2.0 / 3.0, metrics.F1);
        Assert.Equal(0.6, metrics.Accuracy);
    }

    [Fact]
    public void Evaluate_nothing_flagged_gives_zero_precision()
    {
        // Train 10..50, rho = 0.2, h = 4 * 0.8 = 3.2, so 40 + 0.2 * 10 = 42: no test energy exceeds it.
        // TP = 0, FP = 0, FN = 2, TN = 3. P = 0 (nothing flagged), R = 0, F1 = 0, accuracy = 3/5.
        double[] train = [10.0, 20.0, 30.0, 40.0, 50.0];
        double[] test = [1.0, 2.0, 3.0, 4.0, 5.0];
        bool[] isAnomaly = [false, false, false, true, true];

        var metrics = AnomalyEvaluator.Evaluate(train, test, isAnomaly, ThresholdProtocol.TrainQuantile, 0.2);

        Assert.Equal(42.0, metrics.Threshold, 1e-12);
        Assert.Equal(0, metrics.TruePositives);
        Assert.Equal(0, metrics.FalsePositives);
        Assert.Equal(3, metrics.TrueNegatives);
        Assert.Equal(2, metrics.FalseNegatives);
        Assert.Equal(0.0, metrics.Precision);
        Assert.Equal(0.0, metrics.Recall);
        Assert.Equal(0.0, metrics.F1);
        Assert.Equal(0.6, metrics.Accuracy);
        Assert.Equal(1.0, metrics.Auroc);
    }

    [Fact]
    public void Evaluate_flags_strictly_above_threshold()
    {
        // Test 1..5, rho = 0.25, h = 4 * 0.75 = 3, so the threshold is exactly 4 and only 5 is flagged.
        double[] test = [1.0, 2.0, 3.0, 4.0, 5.0];
        bool[] isAnomaly = [false, false, false, true, true];

        var metrics = AnomalyEvaluator.Evaluate([], test, isAnomaly, ThresholdProtocol.TestRatio, 0.25);

        Assert.Equal(4.0, metrics.Threshold);
        Assert.Equal(1, metrics.TruePositives + metrics.FalsePositives);
        Assert.Equal(1, metrics.FalseNegatives);
    }

    [Fact]
    public void Evaluate_oracle_count_breaks_ties_by_position()
    {
        // m = 2 anomalies (positions 1 and 3). Energy 5 is the highest. The second highest, 3, is
        // shared by positions 1, 2 and 3, so only the first of them, position 1, is flagged.
        // Flagged {0, 1}: TP = 1 (1), FP = 1 (0), FN = 1 (3), TN = 2 (2, 4).
        // P = 1/2, R = 1/2, F1 = 1/2, accuracy = 3/5.
        double[] test = [5.0, 3.0, 3.0, 3.0, 1.0];
        bool[] isAnomaly = [false, true, false, true, false];

        var metrics = AnomalyEvaluator.Evaluate([], test, isAnomaly, ThresholdProtocol.OracleCount, 0.15);

        Assert.Equal(3.0, metrics.Threshold);
        Assert.Equal(1, metrics.TruePositives);
        Assert.Equal(1, metrics.FalsePositives);
        Assert.Equal(2, metrics.TrueNegatives);
        Assert.Equal(1, metrics.FalseNegatives);
        Assert.Equal(0.5, metrics.F1);
        Assert.Equal(0.6, metrics.Accuracy);
    }

    [Fact]
    public void Evaluate_oracle_count_flags_exactly_m()
    {
        // Ten tied pairs of energies and seven anomalies: the seventh highest energy is tied, so
        // strict comparison alone would flag six or eight.
        var test = new double[20];
        var isAnomaly = new bool[20];
        for (var i = 0; i < test.Length; i++)
        {
            test[i] = i / 2;
            isAnomaly[i] = i % 3 == 0;
        }

        var metrics = AnomalyEvaluator.Evaluate([], test, isAnomaly, ThresholdProtocol.OracleCount, 0.15);

        Assert.Equal(7, isAnomaly.Count(label => label));
        Assert.Equal(6.0, metrics.Threshold);
        Assert.Equal(7, metrics.TruePositives + metrics.FalsePositives);
        Assert.Equal(metrics.Precision, metrics.Recall);
    }

    [Fact]
    public void Evaluate_nan_test_energy_rejected()
    {
        double[] test = [1.0, 2.0, 3.0, double.NaN, 5.0, double.NaN];
        bool[] isAnomaly = [false, false, false, true, true, false];

        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Evaluate([], test, isAnomaly, ThresholdProtocol.TestRatio, 0.2));

        Assert.Equal("testEnergies", exception.ParamName);
        Assert.Contains("2 non-finite values", exception.Message);
        Assert.Contains("index 3", exception.Message);
    }

    [Fact]
    public void Evaluate_infinite_train_energy_rejected()
    {
        double[] train = [1.0, double.PositiveInfinity];
        double[] test = [1.0, 2.0];
        bool[] isAnomaly = [false, true];

        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Evaluate(train, test, isAnomaly, ThresholdProtocol.OracleCount, 0.2));

        Assert.Equal("trainEnergies", exception.ParamName);
        Assert.Contains("1 non-finite values", exception.Message);
        Assert.Contains("index 1", exception.Message);
    }

    [Fact]
    public void Evaluate_empty_test_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Evaluate([1.0], [], [], ThresholdProtocol.PooledRatio, 0.2));

        Assert.Equal("testEnergies", exception.ParamName);
    }

    [Fact]
    public void Evaluate_mismatched_lengths_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Evaluate([1.0], [1.0, 2.0, 3.0], [true, false], ThresholdProtocol.PooledRatio, 0.2));

        Assert.Equal("testIsAnomaly", exception.ParamName);
        Assert.Contains("has 2 values but testEnergies has 3", exception.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.2)]
    [InlineData(1.2)]
    [InlineData(double.NaN)]
    public void Evaluate_ratio_outside_open_interval_rejected(double anomalyRatio)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => AnomalyEvaluator.Evaluate([1.0], [1.0, 2.0], [false, true], ThresholdProtocol.PooledRatio, anomalyRatio));

        Assert.Equal("anomalyRatio", exception.ParamName);
    }

    [Fact]
    public void Evaluate_single_class_test_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Evaluate([1.0], [1.0, 2.0], [false, false], ThresholdProtocol.PooledRatio, 0.2));

        Assert.Equal("testIsAnomaly", exception.ParamName);
    }
}
