using System.Globalization;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads arrhythmia.data: 279 comma-separated attributes and a class from 1 to 16. The 5 attributes
/// that have missing values ('?') in the UCI file are dropped, which leaves 274 features. Classes
/// 3, 4, 5, 7, 8, 9, 14 and 15 are the anomaly class, as in DAGMM.
/// </summary>
internal static class ArrhythmiaFormat
{
    public const int AttributeCount = 279;

    public const int FieldCount = AttributeCount + 1;

    /// <summary>
    /// 0-based positions of the attributes with '?' in the UCI file: the vector angles of T, P, QRST
    /// and J, and the heart rate.
    /// </summary>
    internal static readonly IReadOnlyList<int> ColumnsWithMissingValues = [10, 11, 12, 13, 14];

    internal static readonly IReadOnlyList<int> AnomalyClasses = [3, 4, 5, 7, 8, 9, 14, 15];

    private static readonly string[] LeadingNames =
    [
        "age", "sex", "height", "weight", "qrs_duration", "pr_interval", "qt_interval", "t_interval",
        "p_interval", "qrs_angle", "t_angle", "p_angle", "qrst_angle", "j_angle", "heart_rate",
    ];

    private static readonly string[] Channels = ["DI", "DII", "DIII", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"];

    private static readonly string[] WaveMeasures =
    [
        "q_width", "r_width", "s_width", "r_prime_width", "s_prime_width", "intrinsic_deflections",
        "ragged_r", "diphasic_r", "ragged_p", "diphasic_p", "ragged_t", "diphasic_t",
    ];

    private static readonly string[] AmplitudeMeasures =
    [
        "jj_amplitude", "q_amplitude", "r_amplitude", "s_amplitude", "r_prime_amplitude",
        "s_prime_amplitude", "p_amplitude", "t_amplitude", "qrsa", "qrsta",
    ];

    /// <summary>Names of the 279 attributes in file order. Per-channel measures read "V1.r_width".</summary>
    internal static readonly IReadOnlyList<string> AttributeNames =
    [
        .. LeadingNames,
        .. Channels.SelectMany(channel => WaveMeasures.Select(measure => $"{channel}.{measure}")),
        .. Channels.SelectMany(channel => AmplitudeMeasures.Select(measure => $"{channel}.{measure}")),
    ];

    private static readonly string[] KeptNames =
        AttributeNames.Where((_, column) => !ColumnsWithMissingValues.Contains(column)).ToArray();

    public static LabeledDataset Read(Stream text, CellParser cells) =>
        LineTableReader.Read(text, cells, DatasetId.Arrhythmia, KeptNames, expectedRows: 512, ReadRow);

    private static void ReadRow(ReadOnlySpan<byte> line, int lineNumber, CellParser cells, List<float> features, List<bool> isAnomaly)
    {
        var fieldCount = FieldReader.CountCommaSeparated(line);
        if (fieldCount != FieldCount)
        {
            throw cells.FieldCountError(lineNumber, fieldCount, FieldCount);
        }

        var fields = FieldReader.CommaSeparated(line);
        var dropped = 0;
        for (var column = 0; column < AttributeCount; column++)
        {
            var field = fields.Read();
            if (dropped < ColumnsWithMissingValues.Count && ColumnsWithMissingValues[dropped] == column)
            {
                dropped++;
                continue;
            }

            features.Add(cells.ParseNumber(field, lineNumber, column + 1, AttributeNames[column]));
        }

        var label = fields.Read();
        if (!int.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var diagnosis) || diagnosis is < 1 or > 16)
        {
            throw cells.Error(lineNumber, FieldCount, $"class {CellParser.Quote(label)} is not an integer from 1 to 16");
        }

        isAnomaly.Add(AnomalyClasses.Contains(diagnosis));
    }
}
