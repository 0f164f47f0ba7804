using System.Globalization;
using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Serialization;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Reads a user's table and reports its rows, column types, missing cells and the class balance
/// of a label column. Reads Parquet files (name ends in .parquet) and delimited text: CSV, or TSV
/// when the name ends in .tsv or .tab, either optionally gzip-compressed (.gz). The first record
/// of delimited text is the header.
/// </summary>
public static class TableInspector
{
    /// <summary>Distinct values counted per column; columns with more report this count plus one.</summary>
    public const int MaximumDistinctValues = 1_000;

    /// <summary>Distinct label values counted; a label column with more is rejected as not a class label.</summary>
    public const int MaximumClasses = 10_000;

    /// <summary>
    /// Cell texts that count as missing, compared after trimming and ignoring case. A blank cell and
    /// a Parquet null are missing too. "?" is the UCI convention, NA and NaN the R and pandas ones.
    /// </summary>
    // NOTE: the loader of user tables must treat the same texts as missing, or this report misleads.
    public static IReadOnlyList<string> MissingMarkers { get; } = ["?", "NA", "N/A", "NaN", "null"];

    /// <summary>Reads the table at <paramref name="path"/> as Parquet or delimited text, chosen by its name.</summary>
    /// <param name="labelColumn">Header of the label column whose class balance to count, or null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The content does not parse; see the two readers.</exception>
    /// <exception cref="ArgumentException"><paramref name="labelColumn"/> is not a column of the file, or has more than <see cref="MaximumClasses"/> values.</exception>
    public static async Task<TableProfile> InspectAsync(string path, string? labelColumn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? await InspectParquetAsync(path, labelColumn, cancellationToken)
            : InspectDelimitedText(path, labelColumn);
    }

    /// <summary>Reads delimited text (CSV or TSV, optionally gzip-compressed) and summarises it.</summary>
    /// <param name="labelColumn">Header of the label column whose class balance to count, or null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">A row has another number of fields than the header, a quote is not closed, or the file is empty.</exception>
    /// <exception cref="ArgumentException"><paramref name="labelColumn"/> is not a header of the file, or has more than <see cref="MaximumClasses"/> values.</exception>
    public static TableProfile InspectDelimitedText(string path, string? labelColumn)
    {
        var fullPath = ExistingFile(path);
        var fileName = Path.GetFileName(fullPath);
        using var file = File.OpenRead(fullPath);
        using var content = fullPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? (Stream)new GZipStream(file, CompressionMode.Decompress)
            : file;
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var records = new CsvRecordReader(text, DelimiterOf(fullPath), fileName);

        try
        {
            return ReadRecords(records, fullPath, labelColumn);
        }
        catch (InvalidDataException error)
        {
            throw new DatasetFormatException(
                fileName, records.RecordLineNumber + 1, 1, $"the gzip data cannot be decompressed ({error.Message})", "compress the file again or give the plain text");
        }
    }

    /// <summary>
    /// Reads a Parquet file one row group at a time and summarises its top-level columns. Values are
    /// judged by their invariant text, as in delimited text, so a double column of whole numbers
    /// reports as integer. Null and NaN are missing, and every list, map or struct value counts as
    /// the text "(nested)".
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DatasetFormatException">The file is not Parquet.</exception>
    /// <exception cref="ArgumentException"><paramref name="labelColumn"/> is not a column of the file, or has more than <see cref="MaximumClasses"/> values.</exception>
    public static async Task<TableProfile> InspectParquetAsync(string path, string? labelColumn, CancellationToken cancellationToken = default)
    {
        var fullPath = ExistingFile(path);
        var fileName = Path.GetFileName(fullPath);
        try
        {
            int rowGroups;
            TableStatistics statistics;
            await using (var file = File.OpenRead(fullPath))
            {
                await using var reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken);
                rowGroups = reader.RowGroupCount;
                statistics = new TableStatistics(fullPath, [.. reader.Schema.Fields.Select(field => field.Name)], labelColumn);
            }

            var names = new List<string>();
            var cells = new string[statistics.ColumnCount];
            for (var group = 0; group < rowGroups; group++)
            {
                await using var file = File.OpenRead(fullPath);
                var result = await ParquetSerializer.DeserializeUntypedAsync(file, null, group, cancellationToken);
                names.Clear();
                names.AddRange(result.Schema.Fields.Select(field => field.Name));
                foreach (var row in result.Data)
                {
                    for (var column = 0; column < cells.Length; column++)
                    {
                        cells[column] = row.TryGetValue(names[column], out var value) ? ToCell(value) : "";
                    }

                    statistics.Add(cells);
                }
            }

            return statistics.ToProfile();
        }
        catch (Exception error) when (error is IOException or InvalidDataException or ParquetException)
        {
            throw new DatasetFormatException(fileName, 1, 1, $"the file is not readable as Parquet ({error.Message})", "write it again with a Parquet writer, or give a CSV file");
        }
    }

    private const string NestedValue = "(nested)";

    internal static bool IsMissing(string cell) =>
        cell.Length == 0 || MissingMarkers.Any(marker => string.Equals(marker, cell, StringComparison.OrdinalIgnoreCase));

    private static string ExistingFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"{fullPath} not found; give the path of a CSV, TSV or Parquet file", fullPath);
        }

        return fullPath;
    }

    private static TableProfile ReadRecords(CsvRecordReader records, string fullPath, string? labelColumn)
    {
        var fileName = Path.GetFileName(fullPath);
        var fields = new List<string>();
        if (!records.TryRead(fields))
        {
            throw new DatasetFormatException(fileName, 1, 1, "the file is empty", "write a header row that names the columns, then one row per sample");
        }

        var statistics = new TableStatistics(fullPath, [.. fields.Select(field => field.Trim())], labelColumn);
        var cells = new string[statistics.ColumnCount];
        while (records.TryRead(fields))
        {
            if (fields.Count != cells.Length)
            {
                throw new DatasetFormatException(
                    fileName,
                    records.RecordLineNumber,
                    Math.Min(fields.Count, cells.Length) + 1,
                    $"expected {cells.Length} fields as in the header, found {fields.Count}",
                    "give every row one field per header column, and quote fields that contain the delimiter");
            }

            for (var column = 0; column < cells.Length; column++)
            {
                cells[column] = fields[column].Trim();
            }

            statistics.Add(cells);
        }

        return statistics.ToProfile();
    }

    internal static string ToCell(object? value) => value switch
    {
        null => "",
        string text => text.Trim(),
        bool flag => flag ? "true" : "false",
        DateTime time => time.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        System.Collections.IEnumerable => NestedValue,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    internal static char DelimiterOf(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tab", StringComparison.OrdinalIgnoreCase)
            ? '\t'
            : ',';
    }
}
