using System.IO.Compression;
using System.Text;
using Parquet;
using Parquet.Serialization;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Every cell of a user's table as trimmed text, with the file line of each row. For Parquet the
/// header counts as line 1 and row r (1-based) as line r + 1, so messages read the same for both formats.
/// </summary>
internal sealed class TextTable
{
    private TextTable(string fileName, IReadOnlyList<string> header, List<string[]> rows, List<int> lineNumbers)
    {
        FileName = fileName;
        Header = header;
        Rows = rows;
        LineNumbers = lineNumbers;
    }

    public string FileName { get; }

    public IReadOnlyList<string> Header { get; }

    public List<string[]> Rows { get; }

    public List<int> LineNumbers { get; }

    /// <summary>Reads Parquet (name ends in .parquet) or delimited text, as <see cref="TableInspector"/> does.</summary>
    /// <exception cref="DatasetFormatException">The file does not parse, a row is ragged, or the header repeats a name.</exception>
    public static TextTable Read(string fullPath)
    {
        var table = fullPath.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? ReadParquet(fullPath)
            : ReadDelimitedText(fullPath);
        table.CheckHeader();
        return table;
    }

    private void CheckHeader()
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var column = 0; column < Header.Count; column++)
        {
            if (Header[column].Length == 0)
            {
                throw new DatasetFormatException(FileName, 1, column + 1, "the header has an empty column name", "name every column in the header row");
            }

            if (!seen.TryAdd(Header[column], column))
            {
                throw new DatasetFormatException(
                    FileName, 1, column + 1, $"column name \"{Header[column]}\" appears twice (columns {seen[Header[column]] + 1} and {column + 1})", "give every column its own name");
            }
        }
    }

    private static TextTable ReadDelimitedText(string fullPath)
    {
        var fileName = Path.GetFileName(fullPath);
        using var file = File.OpenRead(fullPath);
        using var content = fullPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? (Stream)new GZipStream(file, CompressionMode.Decompress)
            : file;
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var records = new CsvRecordReader(text, TableInspector.DelimiterOf(fullPath), fileName);
        var fields = new List<string>();
        try
        {
            if (!records.TryRead(fields))
            {
                throw new DatasetFormatException(fileName, 1, 1, "the file is empty", "write a header row that names the columns, then one row per sample");
            }

            string[] header = [.. fields.Select(field => field.Trim())];
            var rows = new List<string[]>();
            var lineNumbers = new List<int>();
            while (records.TryRead(fields))
            {
                if (fields.Count != header.Length)
                {
                    throw new DatasetFormatException(
                        fileName,
                        records.RecordLineNumber,
                        Math.Min(fields.Count, header.Length) + 1,
                        $"expected {header.Length} fields as in the header, found {fields.Count}",
                        "give every row one field per header column, and quote fields that contain the delimiter");
                }

                rows.Add([.. fields.Select(field => field.Trim())]);
                lineNumbers.Add(records.RecordLineNumber);
            }

            return new TextTable(fileName, header, rows, lineNumbers);
        }
        catch (InvalidDataException error)
        {
            throw new DatasetFormatException(
                fileName, records.RecordLineNumber + 1, 1, $"the gzip data cannot be decompressed ({error.Message})", "compress the file again or give the plain text");
        }
    }

    private static TextTable ReadParquet(string fullPath)
    {
        var fileName = Path.GetFileName(fullPath);
        try
        {
            return ReadParquetAsync(fullPath, fileName).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is IOException or InvalidDataException or ParquetException)
        {
            throw new DatasetFormatException(fileName, 1, 1, $"the file is not readable as Parquet ({error.Message})", "write it again with a Parquet writer, or give a CSV file");
        }
    }

    // Runs on the caller's thread; Parquet.Net's reader has no synchronous API.
    private static async Task<TextTable> ReadParquetAsync(string fullPath, string fileName)
    {
        int rowGroups;
        string[] header;
        await using (var file = File.OpenRead(fullPath))
        {
            await using var reader = await ParquetReader.CreateAsync(file).ConfigureAwait(false);
            rowGroups = reader.RowGroupCount;
            header = [.. reader.Schema.Fields.Select(field => field.Name.Trim())];
        }

        var rows = new List<string[]>();
        var lineNumbers = new List<int>();
        for (var group = 0; group < rowGroups; group++)
        {
            await using var file = File.OpenRead(fullPath);
            var result = await ParquetSerializer.DeserializeUntypedAsync(file, null, group).ConfigureAwait(false);
            var names = result.Schema.Fields.Select(field => field.Name).ToList();
            foreach (var row in result.Data)
            {
                var cells = new string[header.Length];
                for (var column = 0; column < cells.Length; column++)
                {
                    cells[column] = row.TryGetValue(names[column], out var value) ? TableInspector.ToCell(value) : "";
                }

                rows.Add(cells);
                lineNumbers.Add(rows.Count + 1);
            }
        }

        return new TextTable(fileName, header, rows, lineNumbers);
    }
}
