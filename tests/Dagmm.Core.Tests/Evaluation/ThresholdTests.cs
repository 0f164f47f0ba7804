using Dagmm.Core.Evaluation;

namespace Dagmm.Core.Tests.Evaluation;

public class ThresholdTests
{
    // Train energies 1..5, test energies 6..10 with the two highest as anomalies, rho = 0.2.
    private static readonly double[] s_train = [3.0, 1.0, 5.0, 2.0, 4.0];
    private static readonly double[] s_test = [8.0, 10.0, 6.0, 9.0, 7.0];
    private static readonly bool[] s_testIsAnomaly = [false, true, false, true, false];

    [Fact]
    public void PooledRatio_quantile_of_train_and_test()
    {
        // Pooled 1..10, h = 9 * 0.8 = 7.2, so 8 + 0.2 * (9 - 8) = 8.2.
        var threshold = AnomalyEvaluator.Threshold(s_train, s_test, s_testIsAnomaly, ThresholdProtocol.PooledRatio, 0.2);

        Assert.Equal(8.2, threshold, 1e-12);
    }

    [Fact]
    public void TestRatio_quantile_of_test_alone()
    {
        // Test 6..10, h = 4 * 0.8 = 3.2, so 9 + 0.2 * (10 - 9) = 9.2.
        var threshold = AnomalyEvaluator.Threshold(s_train, s_test, s_testIsAnomaly, ThresholdProtocol.TestRatio, 0.2);

        Assert.Equal(9.2, threshold, 1e-12);
    }

    [Fact]
    public void TrainQuantile_quantile_of_train_alone()
    {
        // Train 1..5, h = 4 * 0.8 = 3.2, so 4 + 0.2 * (5 - 4) = 4.2.
        var threshold = AnomalyEvaluator.Threshold(s_train, s_test, s_testIsAnomaly, ThresholdProtocol.TrainQuantile, 0.2);

        Assert.Equal(4.2, threshold, 1e-12);
    }

    [Fact]
    public void TrainQuantile_ignores_test_energies()
    {
        double[] otherTest = [100.0, -50.0, 0.0, 3.0, 1e6];

        var threshold = AnomalyEvaluator.Threshold(s_train, otherTest, s_testIsAnomaly, ThresholdProtocol.TrainQuantile, 0.2);

        Assert.Equal(AnomalyEvaluator.Quantile(s_train, 0.8), threshold);
    }

    [Fact]
    public void OracleCount_mth_highest_test_energy()
    {
        // Two anomalies, so the threshold is the second highest test energy, 9.
        var threshold = AnomalyEvaluator.Threshold(s_train, s_test, s_testIsAnomaly, ThresholdProtocol.OracleCount, 0.2);

        Assert.Equal(9.0, threshold);
    }

    [Fact]
    public void OracleCount_ignores_training_energies()
    {
        double[] otherTrain = [1e9, -1e9];

        var threshold = AnomalyEvaluator.Threshold(otherTrain, s_test, s_testIsAnomaly, ThresholdProtocol.OracleCount, 0.2);

        Assert.Equal(9.0, threshold);
    }

    [Fact]
    public void OracleCount_without_anomalies_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Threshold(s_train, s_test, new bool[5], ThresholdProtocol.OracleCount, 0.2));

        Assert.Equal("testIsAnomaly", exception.ParamName);
    }

    [Fact]
    public void TrainQuantile_empty_training_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Threshold([], s_test, s_testIsAnomaly, ThresholdProtocol.TrainQuantile, 0.2));

        Assert.Equal("trainEnergies", exception.ParamName);
    }

    [Fact]
    public void TestRatio_accepts_empty_training()
    {
        var threshold = AnomalyEvaluator.Threshold([], s_test, s_testIsAnomaly, ThresholdProtocol.TestRatio, 0.2);

        Assert.Equal(9.2, threshold, 1e-12);
    }

    [Fact]
    public void Threshold_unknown_protocol_rejected()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => AnomalyEvaluator.Threshold(s_train, s_test, s_testIsAnomaly, (ThresholdProtocol)42, 0.2));

        Assert.Equal("protocol", exception.ParamName);
    }
}
