using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;
using Parquet.Serialization;

namespace Dagmm.Core.Tests.Datasets;

public class TableInspectorTests
{
    /// <summary>arrhythmia.data with a header row "a1,...,a279,class", written as a CSV the inspector reads.</summary>
    private static string ArrhythmiaCsv(TemporaryFolder folder)
    {
        var header = string.Join(',', Enumerable.Range(1, 279).Select(index => $"a{index}").Append("class"));
        var path = Path.Combine(folder.Path, "arrhythmia.csv");
        File.WriteAllLines(path, [header, .. File.ReadAllLines(Path.Combine(SharedData.Directory, "arrhythmia.data"))]);
        return path;
    }

    private static string Write(TemporaryFolder folder, string name, string text)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Inspect_arrhythmia_counts_rows_columns()
    {
        using var folder = new TemporaryFolder();

        var profile = TableInspector.InspectDelimitedText(ArrhythmiaCsv(folder), "class");

        Assert.Equal(452, profile.Rows);
        Assert.Equal(280, profile.Columns.Count);
    }

    [Fact]
    public void Inspect_arrhythmia_counts_missing_cells()
    {
        using var folder = new TemporaryFolder();

        var profile = TableInspector.InspectDelimitedText(ArrhythmiaCsv(folder), "class");

        var missing = profile.Columns.Where(column => column.MissingCells > 0).Select(column => (column.Name, column.MissingCells));
        Assert.Equal([("a11", 8), ("a12", 22), ("a13", 1), ("a14", 376), ("a15", 1)], missing);
    }

    [Fact]
    public void Inspect_arrhythmia_class_balance()
    {
        using var folder = new TemporaryFolder();

        var profile = TableInspector.InspectDelimitedText(ArrhythmiaCsv(folder), "class");

        Assert.Equal("class", profile.LabelColumn);
        Assert.Equal(13, profile.ClassBalance.Count);
        Assert.Equal(new ClassCount("1", 245), profile.ClassBalance[0]);
        Assert.Equal(new ClassCount("10", 50), profile.ClassBalance[1]);
        Assert.Equal(new ClassCount("8", 2), profile.ClassBalance[^1]);
        Assert.Equal(452, profile.ClassBalance.Sum(count => count.Rows));
    }

    [Fact]
    public void Inspect_arrhythmia_infers_types()
    {
        using var folder = new TemporaryFolder();

        var profile = TableInspector.InspectDelimitedText(ArrhythmiaCsv(folder), null);

        // a1 is age in years, a2 sex (0 or 1), a280 ("class") the class code; a16 onward hold decimals.
        Assert.Equal(ColumnKind.Integer, profile.Columns[0].Kind);
        Assert.Equal(2, profile.Columns[1].DistinctValues);
        Assert.Equal(0, profile.Columns[1].Minimum);
        Assert.Equal(1, profile.Columns[1].Maximum);
        Assert.Equal(ColumnKind.Integer, profile.Columns[^1].Kind);
        Assert.Contains(profile.Columns, column => column.Kind == ColumnKind.Number);
        Assert.Empty(profile.ClassBalance);
    }

    [Fact]
    public void Inspect_small_table_reports_every_field()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "fraud.csv", "amount,merchant,count,is_fraud\n12.5,shop,3,0\n,\"cafe, north\",4,1\n7,shop,NA,0\n");

        var profile = TableInspector.InspectDelimitedText(path, "is_fraud");

        Assert.Equal(3, profile.Rows);
        Assert.Equal(new ColumnProfile("amount", ColumnKind.Number, 1, 2, 7, 12.5), profile.Columns[0]);
        Assert.Equal(new ColumnProfile("merchant", ColumnKind.Text, 0, 2, null, null), profile.Columns[1]);
        Assert.Equal(new ColumnProfile("count", ColumnKind.Integer, 1, 2, 3, 4), profile.Columns[2]);
        Assert.Equal([new ClassCount("0", 2), new ClassCount("1", 1)], profile.ClassBalance);
        Assert.Empty(profile.Warnings);
    }

    [Fact]
    public void Inspect_quoted_line_break_stays_one_field()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "notes.csv", "id,note\n1,\"two\nlines\"\n2,\"say \"\"hi\"\"\"\n3,x,y\n");

        var error = Assert.Throws<DatasetFormatException>(() => TableInspector.InspectDelimitedText(path, null));

        // The third data row starts on line 5 because the quoted field of row 1 spans lines 2 and 3.
        Assert.Equal(5, error.LineNumber);
    }

    [Fact]
    public void Inspect_ragged_row_names_file_line()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "ragged.csv", "a,b,c\n1,2,3\n4,5\n");

        var error = Assert.Throws<DatasetFormatException>(() => TableInspector.InspectDelimitedText(path, null));

        Assert.Equal(
            "ragged.csv: line 3, column 3: expected 3 fields as in the header, found 2; give every row one field per header column, and quote fields that contain the delimiter",
            error.Message);
    }

    [Fact]
    public void Inspect_unclosed_quote_names_line()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "open.csv", "a,b\n1,2\n3,\"four\n");

        var error = Assert.Throws<DatasetFormatException>(() => TableInspector.InspectDelimitedText(path, null));

        Assert.Equal(3, error.LineNumber);
        Assert.Contains("a quoted field is not closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_empty_file_rejected()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "empty.csv", "\n\n");

        var error = Assert.Throws<DatasetFormatException>(() => TableInspector.InspectDelimitedText(path, null));

        Assert.Equal("empty.csv: line 1, column 1: the file is empty; write a header row that names the columns, then one row per sample", error.Message);
    }

    [Fact]
    public void Inspect_unknown_label_lists_columns()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "t.csv", "x,y\n1,0\n");

        var error = Assert.Throws<ArgumentException>(() => TableInspector.InspectDelimitedText(path, "label"));

        Assert.StartsWith("label column \"label\" not found in t.csv; its columns are \"x\", \"y\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_missing_file_names_path()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "none.csv");

        var error = Assert.Throws<FileNotFoundException>(() => TableInspector.InspectDelimitedText(path, null));

        Assert.StartsWith($"{path} not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_warns_duplicate_constant_empty()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "odd.csv", "x,x,flat,gone,y\n1,2,5,,0\n3,4,5,?,0\n");

        var profile = TableInspector.InspectDelimitedText(path, "y");

        Assert.Equal(
            [
                "column name \"x\" appears 2 times (columns 1, 2)",
                "column \"flat\" has the same value in every row that is not missing",
                "column \"gone\" has no values: every cell is missing",
                "label column \"y\" has 1 class; anomaly detection needs normal and anomalous rows",
            ],
            profile.Warnings);
    }

    [Fact]
    public void Inspect_tsv_splits_on_tab()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "t.tsv", "a\tb\n1,5\t2\n");

        var profile = TableInspector.InspectDelimitedText(path, null);

        Assert.Equal(2, profile.Columns.Count);
        Assert.Equal(ColumnKind.Text, profile.Columns[0].Kind);
    }

    [Fact]
    public async Task InspectParquet_reports_nulls_types_balance()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "fraud.parquet");
        Transaction[] rows =
        [
            new() { Amount = 12.5, Merchant = "shop", Count = 3, IsFraud = 0 },
            new() { Amount = double.NaN, Merchant = "cafe", Count = null, IsFraud = 1 },
            new() { Amount = 7, Merchant = null, Count = 4, IsFraud = 0 },
        ];
        await ParquetSerializer.SerializeAsync(rows, path);

        var profile = await TableInspector.InspectAsync(path, "IsFraud");

        Assert.Equal(3, profile.Rows);
        Assert.Equal(new ColumnProfile("Amount", ColumnKind.Number, 1, 2, 7, 12.5), profile.Columns[0]);
        Assert.Equal(new ColumnProfile("Merchant", ColumnKind.Text, 1, 2, null, null), profile.Columns[1]);
        Assert.Equal(new ColumnProfile("Count", ColumnKind.Integer, 1, 2, 3, 4), profile.Columns[2]);
        Assert.Equal([new ClassCount("0", 2), new ClassCount("1", 1)], profile.ClassBalance);
    }

    [Fact]
    public async Task InspectParquet_text_file_rejected()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "fake.parquet", "a,b\n1,2\n");

        var error = await Assert.ThrowsAsync<DatasetFormatException>(() => TableInspector.InspectAsync(path, null));

        Assert.StartsWith("fake.parquet: line 1, column 1: the file is not readable as Parquet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectParquet_many_row_groups_counted()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "groups.parquet");
        var rows = Enumerable.Range(0, 2_500).Select(index => new Transaction { Amount = index, Merchant = "m", Count = index % 7, IsFraud = index % 50 == 0 ? 1 : 0 }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path, new Parquet.ParquetOptions { RowGroupSize = 1_000 });
        await using (var reader = await Parquet.ParquetReader.CreateAsync(path))
        {
            Assert.Equal(3, reader.RowGroupCount);
        }

        var profile = await TableInspector.InspectAsync(path, "IsFraud");

        Assert.Equal(2_500, profile.Rows);
        Assert.Equal([new ClassCount("0", 2_450), new ClassCount("1", 50)], profile.ClassBalance);
        Assert.Equal(7, profile.Columns[2].DistinctValues);
    }

    public sealed class Transaction
    {
        public double Amount { get; set; }

        public string? Merchant { get; set; }

        public int? Count { get; set; }

        public int IsFraud { get; set; }
    }
}
