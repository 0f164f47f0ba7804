using System.Runtime.InteropServices;
using System.Text;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads the KDD Cup 1999 10% file: 41 comma-separated attributes and a label that ends in '.'.
/// protocol_type, service and flag are one-hot encoded with the vocabulary of the whole file in
/// ordinal order and appended after the 38 numeric columns, so the real file gives 38 + 3 + 66 + 11
/// = 118 features. Rows labelled "normal." are the anomaly class, as in DAGMM.
/// </summary>
internal static class KddCupFormat
{
    public const int FieldCount = 42;

    private const int MaximumCategoryLength = 256;

    private static readonly string[] ColumnNames =
    [
        "duration", "protocol_type", "service", "flag", "src_bytes", "dst_bytes", "land", "wrong_fragment",
        "urgent", "hot", "num_failed_logins", "logged_in", "num_compromised", "root_shell", "su_attempted",
        "num_root", "num_file_creations", "num_shells", "num_access_files", "num_outbound_cmds",
        "is_host_login", "is_guest_login", "count", "srv_count", "serror_rate", "srv_serror_rate",
        "rerror_rate", "srv_rerror_rate", "same_srv_rate", "diff_srv_rate", "srv_diff_host_rate",
        "dst_host_count", "dst_host_srv_count", "dst_host_same_srv_rate", "dst_host_diff_srv_rate",
        "dst_host_same_src_port_rate", "dst_host_srv_diff_host_rate", "dst_host_serror_rate",
        "dst_host_srv_serror_rate", "dst_host_rerror_rate", "dst_host_srv_rerror_rate",
    ];

    /// <summary>0-based positions of protocol_type, service and flag.</summary>
    private static readonly int[] CategoricalColumns = [1, 2, 3];

    private static readonly int NumericCount = ColumnNames.Length - CategoricalColumns.Length;

    /// <summary>Reads decompressed text and returns the dataset with <see cref="DatasetId.Kddcup99"/> labels.</summary>
    public static LabeledDataset Read(Stream text, CellParser cells)
    {
        var numeric = new List<float>(NumericCount * 4096);
        var categoryCodes = new List<int>(CategoricalColumns.Length * 4096);
        var isNormalTraffic = new List<bool>(4096);
        var vocabularies = CategoricalColumns.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();

        var lines = new Utf8LineReader(text);
        try
        {
            while (lines.TryReadLine(out var line))
            {
                if (CellParser.IsBlank(line))
                {
                    continue;
                }

                ReadRow(line, lines.LineNumber, cells, vocabularies, numeric, categoryCodes, isNormalTraffic);
            }
        }
        catch (InvalidDataException exception)
        {
            // GZipStream raises this for damaged compressed data. A truncated archive just ends early.
            throw cells.Error(lines.LineNumber + 1, 1, $"the gzip data cannot be decompressed ({exception.Message})");
        }

        if (isNormalTraffic.Count == 0)
        {
            throw cells.Error(1, 1, "the file contains no data rows");
        }

        return Assemble(numeric, categoryCodes, isNormalTraffic, vocabularies);
    }

    private static void ReadRow(
        ReadOnlySpan<byte> line,
        int lineNumber,
        CellParser cells,
        Dictionary<string, int>[] vocabularies,
        List<float> numeric,
        List<int> categoryCodes,
        List<bool> isNormalTraffic)
    {
        var fieldCount = FieldReader.CountCommaSeparated(line);
        if (fieldCount != FieldCount)
        {
            throw cells.FieldCountError(lineNumber, fieldCount, FieldCount);
        }

        var fields = FieldReader.CommaSeparated(line);
        var categorical = 0;
        for (var column = 0; column < ColumnNames.Length; column++)
        {
            var field = fields.Read();
            if (categorical < CategoricalColumns.Length && CategoricalColumns[categorical] == column)
            {
                categoryCodes.Add(CodeOf(field, vocabularies[categorical], lineNumber, column, cells));
                categorical++;
            }
            else
            {
                numeric.Add(cells.ParseNumber(field, lineNumber, column + 1, ColumnNames[column]));
            }
        }

        var label = fields.Read();
        if (label.IsEmpty || label[^1] != (byte)'.')
        {
            throw cells.Error(
                lineNumber,
                FieldCount,
                $"label {CellParser.Quote(label)} does not end in '.' as the labels of the KDD Cup 1999 file do");
        }

        isNormalTraffic.Add(label.SequenceEqual("normal."u8));
    }

    private static int CodeOf(
        ReadOnlySpan<byte> field,
        Dictionary<string, int> vocabulary,
        int lineNumber,
        int column,
        CellParser cells)
    {
        if (field.IsEmpty || field.Length > MaximumCategoryLength)
        {
            throw cells.Error(
                lineNumber,
                column + 1,
                $"value {CellParser.Quote(field)} in column {ColumnNames[column]} is not a category name of 1 to {MaximumCategoryLength} bytes");
        }

        Span<char> name = stackalloc char[MaximumCategoryLength];
        var length = Encoding.UTF8.GetChars(field, name);
        var lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(name[..length], out var code))
        {
            code = vocabulary.Count;
            vocabulary.Add(new string(name[..length]), code);
        }

        return code;
    }

    private static LabeledDataset Assemble(
        List<float> numeric,
        List<int> categoryCodes,
        List<bool> isNormalTraffic,
        Dictionary<string, int>[] vocabularies)
    {
        var featureNames = new List<string>(ColumnNames.Where((_, column) => !CategoricalColumns.Contains(column)));

        // First-seen codes become positions in the ordinal order of the category names.
        var sortedPosition = new int[vocabularies.Length][];
        var groupStart = new int[vocabularies.Length];
        for (var group = 0; group < vocabularies.Length; group++)
        {
            var names = vocabularies[group].Keys.Order(StringComparer.Ordinal).ToArray();
            groupStart[group] = featureNames.Count;
            sortedPosition[group] = new int[names.Length];
            for (var position = 0; position < names.Length; position++)
            {
                sortedPosition[group][vocabularies[group][names[position]]] = position;
                featureNames.Add($"{ColumnNames[CategoricalColumns[group]]}={names[position]}");
            }
        }

        var rows = isNormalTraffic.Count;
        var featureCount = featureNames.Count;
        var features = new float[rows * featureCount];
        var numericValues = CollectionsMarshal.AsSpan(numeric);
        for (var row = 0; row < rows; row++)
        {
            var target = features.AsSpan(row * featureCount, featureCount);
            numericValues.Slice(row * NumericCount, NumericCount).CopyTo(target);
            for (var group = 0; group < vocabularies.Length; group++)
            {
                var code = categoryCodes[row * vocabularies.Length + group];
                target[groupStart[group] + sortedPosition[group][code]] = 1f;
            }
        }

        return new LabeledDataset(DatasetId.Kddcup99, featureCount, features, [.. isNormalTraffic], featureNames, anomalySampleCount: null);
    }
}
