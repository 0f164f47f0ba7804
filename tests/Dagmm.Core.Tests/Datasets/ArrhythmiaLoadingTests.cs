using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class ArrhythmiaLoadingTests
{
    private static readonly LabeledDataset Arrhythmia = DatasetLoader.Load(DatasetId.Arrhythmia, SharedData.Directory);

    [Fact]
    public void Arrhythmia_has_452_rows()
    {
        Assert.Equal(452, Arrhythmia.Rows);
    }

    [Fact]
    public void Arrhythmia_has_274_features()
    {
        Assert.Equal(274, Arrhythmia.FeatureCount);
        Assert.Equal(274, Arrhythmia.FeatureNames.Count);
    }

    [Fact]
    public void Arrhythmia_anomaly_classes_have_66_rows()
    {
        Assert.Equal(66, Arrhythmia.IsAnomaly.Count(flag => flag));
    }

    [Fact]
    public void Arrhythmia_dropped_columns_are_pinned()
    {
        Assert.Equal([10, 11, 12, 13, 14], ArrhythmiaFormat.ColumnsWithMissingValues);
    }

    [Fact]
    public void Arrhythmia_dropped_columns_hold_every_question_mark()
    {
        var lines = File.ReadAllLines(Path.Combine(SharedData.Directory, "arrhythmia.data"));
        var columnsWithQuestionMark = lines
            .SelectMany(line => line.Split(',').Select((field, column) => (field, column)))
            .Where(cell => cell.field == "?")
            .Select(cell => cell.column)
            .Distinct()
            .Order();

        Assert.Equal(ArrhythmiaFormat.ColumnsWithMissingValues, columnsWithQuestionMark);
    }

    [Fact]
    public void Arrhythmia_dropped_names_are_angles_and_rate()
    {
        var dropped = ArrhythmiaFormat.ColumnsWithMissingValues.Select(column => ArrhythmiaFormat.AttributeNames[column]);

        Assert.Equal(["t_angle", "p_angle", "qrst_angle", "j_angle", "heart_rate"], dropped);
    }

    [Theory]
    [InlineData(0, "age")]
    [InlineData(9, "qrs_angle")]
    [InlineData(10, "DI.q_width")]
    [InlineData(153, "V6.diphasic_t")]
    [InlineData(154, "DI.jj_amplitude")]
    [InlineData(273, "V6.qrsta")]
    public void Arrhythmia_feature_names_follow_uci_order(int index, string name)
    {
        Assert.Equal(name, Arrhythmia.FeatureNames[index]);
    }

    [Fact]
    public void Arrhythmia_first_row_skips_dropped_values()
    {
        // Raw row 1 starts 75,0,190,80,91,193,371,174,121,-16,13,64,-2,?,63,0,52,44.
        Assert.Equal([75f, 0f, 190f, 80f, 91f, 193f, 371f, 174f, 121f, -16f, 0f, 52f, 44f], Arrhythmia.Features[..13]);
        Assert.Equal(-0.2f, Arrhythmia.Features[154]);
    }

    [Fact]
    public void Arrhythmia_describe_counts_all_rows()
    {
        var summary = Arrhythmia.Describe();

        Assert.Equal(452, summary.Rows);
        Assert.Equal(274, summary.Features);
        Assert.Equal(66, summary.Anomalies);
        Assert.Equal(66.0 / 452, summary.AnomalyRatio);
    }
}
