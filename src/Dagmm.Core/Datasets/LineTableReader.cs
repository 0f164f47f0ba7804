namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads a text table with one sample per line into a <see cref="LabeledDataset"/>, skipping blank
/// lines; each format supplies how one line becomes features and a label.
/// </summary>
internal static class LineTableReader
{
    /// <summary>Appends the kept features and the anomaly flag of one line; throws DatasetFormatException on a bad cell.</summary>
    public delegate void RowReader(ReadOnlySpan<byte> line, int lineNumber, CellParser cells, List<float> features, List<bool> isAnomaly);

    public static LabeledDataset Read(Stream text, CellParser cells, DatasetId id, IReadOnlyList<string> featureNames, int expectedRows, RowReader readRow)
    {
        var features = new List<float>(featureNames.Count * expectedRows);
        var isAnomaly = new List<bool>(expectedRows);

        var lines = new Utf8LineReader(text);
        while (lines.TryReadLine(out var line))
        {
            if (CellParser.IsBlank(line))
            {
                continue;
            }

            readRow(line, lines.LineNumber, cells, features, isAnomaly);
        }

        if (isAnomaly.Count == 0)
        {
            throw cells.Error(1, 1, "the file contains no data rows");
        }

        return new LabeledDataset(id, featureNames.Count, [.. features], [.. isAnomaly], featureNames, anomalySampleCount: null);
    }
}
