using Dagmm.Core.Evaluation;

namespace Dagmm.Core.Tests.Evaluation;

public class ConfusionTableTests
{
    [Fact]
    public void ConfusionTable_no_anomalies_gives_zero_recall()
    {
        // TP = 0, FP = 2, TN = 3, FN = 0: no anomalies and two false alarms.
        var table = new ConfusionTable(TruePositives: 0, FalsePositives: 2, TrueNegatives: 3, FalseNegatives: 0);

        Assert.Equal(0.0, table.Precision);
        Assert.Equal(0.0, table.Recall);
        Assert.Equal(0.0, table.F1);
        Assert.Equal(0.6, table.Accuracy);
    }

    [Fact]
    public void ConfusionTable_hand_computed_metrics()
    {
        // TP = 3, FP = 1, TN = 4, FN = 2: P = 3/4, R = 3/5,
        // F1 = 2 * (3/4)(3/5) / (3/4 + 3/5) = (9/10) / (27/20) = 2/3, accuracy = 7/10.
        var table = new ConfusionTable(TruePositives: 3, FalsePositives: 1, TrueNegatives: 4, FalseNegatives: 2);

        Assert.Equal(0.75, table.Precision);
        Assert.Equal(0.6, table.Recall);
        Assert.Equal(2.0 / 3.0, table.F1);
        Assert.Equal(0.7, table.Accuracy);
    }

    [Fact]
    public void ConfusionTable_count_flags_ties_in_position_order()
    {
        // Threshold 3 with one tied sample to flag. Position 0 is above 3 and position 2 is the first
        // sample equal to 3, so both are flagged and position 3 is not.
        double[] energies = [4.0, 1.0, 3.0, 3.0];
        bool[] isAnomaly = [true, false, false, true];

        var table = ConfusionTable.Count(energies, isAnomaly, threshold: 3.0, flaggedAtThreshold: 1);

        Assert.Equal(new ConfusionTable(TruePositives: 1, FalsePositives: 1, TrueNegatives: 1, FalseNegatives: 1), table);
    }
}
