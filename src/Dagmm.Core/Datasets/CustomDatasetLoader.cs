using System.Globalization;
using System.Security.Cryptography;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Turns a user's table into a <see cref="LabeledDataset"/>: numeric columns become features as
/// they are, <see cref="CustomDatasetSpec.Categorical"/> columns are one-hot encoded with the
/// vocabulary of the whole file, and the label column gives the anomaly flag. Missing cells are
/// the texts of <see cref="TableInspector.MissingMarkers"/> and blank cells.
/// </summary>
public static class CustomDatasetLoader
{
    private const int MaximumListedValues = 10;

    /// <summary>Returns the lower-case hex SHA-256 of the file's bytes.</summary>
    public static string Sha256Of(string fullPath)
    {
        using var content = File.OpenRead(fullPath);
        return Convert.ToHexStringLower(SHA256.HashData(content));
    }

    /// <summary>
    /// Reads the table that <paramref name="spec"/> names, resolved against <paramref name="dataDirectory"/>.
    /// With <see cref="MissingValuePolicy.Mean"/>, missing and non-numeric cells of numeric columns
    /// are NaN in the result, and <see cref="PreparedData.Create"/> replaces them with the training-rows mean.
    /// A missing cell of a categorical column encodes as all zeros.
    /// </summary>
    /// <exception cref="DatasetFileException">The file is missing, or its SHA-256 differs from <see cref="CustomDatasetSpec.Sha256"/>.</exception>
    /// <exception cref="DatasetFormatException">The content or the spec does not fit; the message names the file, line, column and fix.</exception>
    public static LabeledDataset Load(CustomDatasetSpec spec, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var fullPath = spec.ResolvePath(dataDirectory);
        if (!File.Exists(fullPath))
        {
            throw new DatasetFileException(
                fullPath, $"{fullPath}: dataset file \"{spec.Name}\" not found; the path {spec.Path} is resolved against the data folder {dataDirectory}, so put the file there or give an absolute path");
        }

        if (spec.Sha256.Length > 0)
        {
            var actual = Sha256Of(fullPath);
            if (!string.Equals(actual, spec.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new DatasetFileException(
                    fullPath, $"{fullPath}: SHA-256 is {actual} but the sweep was read with {spec.Sha256}; the file changed after submission, so restore it or submit the sweep again");
            }
        }

        return Build(spec, TextTable.Read(fullPath));
    }

    private static LabeledDataset Build(CustomDatasetSpec spec, TextTable table)
    {
        var columns = new ColumnLookup(table);
        var label = columns.Find(spec.Label, "label", "name the label column with \"label\"");
        foreach (var name in spec.Categorical.Concat(spec.Drop))
        {
            columns.Find(name, spec.Categorical.Contains(name) ? "categorical" : "drop", "list only header names");
        }

        foreach (var name in spec.Categorical.Intersect(spec.Drop, StringComparer.Ordinal))
        {
            throw columns.Error(name, $"column \"{name}\" is both in categorical and in drop", "keep it in one of the two lists");
        }

        if (spec.Categorical.Contains(spec.Label) || spec.Drop.Contains(spec.Label))
        {
            throw columns.Error(spec.Label, $"the label column \"{spec.Label}\" is also in categorical or drop", "remove it from those lists; the label never becomes a feature");
        }

        if (table.Rows.Count == 0)
        {
            throw new DatasetFormatException(table.FileName, 1, 1, "the table has a header but no data rows", "add the samples below the header");
        }

        var isAnomaly = ReadLabels(spec, table, label);
        var features = new List<FeatureColumn>();
        for (var column = 0; column < table.Header.Count; column++)
        {
            var name = table.Header[column];
            if (column == label || spec.Drop.Contains(name))
            {
                continue;
            }

            features.AddRange(spec.Categorical.Contains(name)
                ? OneHot(table, column)
                : [Numeric(spec, table, column)]);
        }

        if (features.Count == 0)
        {
            throw new DatasetFormatException(table.FileName, 1, 1, "no feature columns remain after the label and the dropped columns", "keep at least one numeric or categorical column");
        }

        var rows = table.Rows.Count;
        var values = new float[(long)rows * features.Count];
        for (var j = 0; j < features.Count; j++)
        {
            var column = features[j].Values;
            for (var row = 0; row < rows; row++)
            {
                values[(row * features.Count) + j] = column[row];
            }
        }

        return new LabeledDataset(DatasetId.Custom, features.Count, values, isAnomaly, [.. features.Select(feature => feature.Name)], anomalySampleCount: null);
    }

    private static bool[] ReadLabels(CustomDatasetSpec spec, TextTable table, int label)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var isAnomaly = new bool[table.Rows.Count];
        for (var row = 0; row < table.Rows.Count; row++)
        {
            var value = table.Rows[row][label];
            if (TableInspector.IsMissing(value))
            {
                throw new DatasetFormatException(
                    table.FileName, table.LineNumbers[row], label + 1, $"the label column \"{spec.Label}\" has a missing value", "give every row a label, or remove the unlabelled rows");
            }

            counts[value] = counts.GetValueOrDefault(value) + 1;
            isAnomaly[row] = spec.AnomalyValues.Contains(value);
            if (!isAnomaly[row] && spec.NormalValues.Count > 0 && !spec.NormalValues.Contains(value))
            {
                throw new DatasetFormatException(
                    table.FileName,
                    table.LineNumbers[row],
                    label + 1,
                    $"label value \"{value}\" in column \"{spec.Label}\" is neither an anomaly value ({Quoted(spec.AnomalyValues)}) nor a normal value ({Quoted(spec.NormalValues)}); the column holds {DescribeValues(table, label)}",
                    "add the value to \"anomaly\" or \"normal\", or remove those rows");
            }
        }

        var absent = spec.AnomalyValues.Where(value => !counts.ContainsKey(value)).ToList();
        if (absent.Count > 0)
        {
            throw new DatasetFormatException(
                table.FileName, 1, label + 1, $"anomaly value {Quoted(absent)} does not occur in column \"{spec.Label}\", which holds {Describe(counts)}", "set \"anomaly\" to the label values of the anomaly class");
        }

        var anomalies = isAnomaly.Count(flag => flag);
        if (anomalies == table.Rows.Count)
        {
            throw new DatasetFormatException(
                table.FileName, 1, label + 1, $"every row is an anomaly (column \"{spec.Label}\" holds {Describe(counts)}), so there are no normal rows to train on", "list only the anomaly class in \"anomaly\"");
        }

        return isAnomaly;
    }

    private static FeatureColumn Numeric(CustomDatasetSpec spec, TextTable table, int column)
    {
        var name = table.Header[column];
        var values = new float[table.Rows.Count];
        var present = 0;
        for (var row = 0; row < values.Length; row++)
        {
            var cell = table.Rows[row][column];
            if (!TableInspector.IsMissing(cell) && float.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value))
            {
                values[row] = value;
                present++;
                continue;
            }

            if (spec.Impute != MissingValuePolicy.Mean)
            {
                var problem = TableInspector.IsMissing(cell)
                    ? $"missing value \"{cell}\" in numeric column \"{name}\""
                    : $"value \"{cell}\" in numeric column \"{name}\" is not a finite number";
                throw new DatasetFormatException(
                    table.FileName, table.LineNumbers[row], column + 1, problem, $"set \"impute\": \"mean\" to fill such cells, list \"{name}\" in \"categorical\" or \"drop\", or fix the cell");
            }

            values[row] = float.NaN;
        }

        if (present == 0)
        {
            throw new DatasetFormatException(
                table.FileName, 1, column + 1, $"column \"{name}\" has no numeric value, so there is nothing to impute from", $"list \"{name}\" in \"drop\" or \"categorical\"");
        }

        return new FeatureColumn(name, values);
    }

    private static IEnumerable<FeatureColumn> OneHot(TextTable table, int column)
    {
        var name = table.Header[column];
        var vocabulary = table.Rows
            .Select(row => row[column])
            .Where(cell => !TableInspector.IsMissing(cell))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var category in vocabulary)
        {
            var values = new float[table.Rows.Count];
            for (var row = 0; row < values.Length; row++)
            {
                values[row] = table.Rows[row][column] == category ? 1f : 0f;
            }

            yield return new FeatureColumn($"{name}={category}", values);
        }
    }

    private static string DescribeValues(TextTable table, int column)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in table.Rows)
        {
            counts[row[column]] = counts.GetValueOrDefault(row[column]) + 1;
        }

        return Describe(counts);
    }

    private static string Describe(Dictionary<string, int> counts)
    {
        var listed = counts
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Take(MaximumListedValues)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"\"{pair.Key}\" ({pair.Value} rows)"));
        var more = counts.Count > MaximumListedValues ? $" and {counts.Count - MaximumListedValues} more values" : "";
        return string.Join(", ", listed) + more;
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(value => $"\"{value}\""));

    private sealed record FeatureColumn(string Name, float[] Values);

    private sealed class ColumnLookup(TextTable table)
    {
        public int Find(string name, string field, string fix)
        {
            for (var column = 0; column < table.Header.Count; column++)
            {
                if (table.Header[column] == name)
                {
                    return column;
                }
            }

            throw new DatasetFormatException(
                table.FileName, 1, 1, $"{field} column \"{name}\" not found; the header has {Quoted(table.Header)}", fix);
        }

        public DatasetFormatException Error(string name, string problem, string fix) =>
            new(table.FileName, 1, Find(name, "", "") + 1, problem, fix);
    }
}
