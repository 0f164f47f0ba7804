using System.Globalization;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads ann-train.data of the UCI thyroid disease collection: 21 attributes and a class (1, 2 or
/// 3) separated by spaces, with trailing spaces. The 6 continuous attributes are kept and the 15
/// binary ones dropped. Class 1 (hyperfunction) is the anomaly class.
/// </summary>
internal static class ThyroidFormat
{
    public const int FieldCount = 22;

    private const int AnomalyClass = 1;

    /// <summary>0-based positions of the continuous attributes: age, then the five hormone measurements.</summary>
    internal static readonly IReadOnlyList<int> KeptColumns = [0, 16, 17, 18, 19, 20];

    private static readonly string[] KeptNames = ["age", "TSH", "T3", "TT4", "T4U", "FTI"];

    public static LabeledDataset Read(Stream text, CellParser cells) =>
        LineTableReader.Read(text, cells, DatasetId.Thyroid, KeptNames, expectedRows: 4096, ReadRow);

    private static void ReadRow(ReadOnlySpan<byte> line, int lineNumber, CellParser cells, List<float> features, List<bool> isAnomaly)
    {
        var fieldCount = FieldReader.CountWhitespaceSeparated(line);
        if (fieldCount != FieldCount)
        {
            throw cells.FieldCountError(lineNumber, fieldCount, FieldCount);
        }

        var fields = FieldReader.WhitespaceSeparated(line);
        var keptIndex = 0;
        for (var column = 0; column < FieldCount - 1; column++)
        {
            var field = fields.Read();
            if (keptIndex < KeptColumns.Count && KeptColumns[keptIndex] == column)
            {
                features.Add(cells.ParseNumber(field, lineNumber, column + 1, KeptNames[keptIndex]));
                keptIndex++;
            }
        }

        var label = fields.Read();
        if (!int.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var diagnosis) || diagnosis is < 1 or > 3)
        {
            throw cells.Error(lineNumber, FieldCount, $"class {CellParser.Quote(label)} is not 1, 2 or 3");
        }

        isAnomaly.Add(diagnosis == AnomalyClass);
    }
}
