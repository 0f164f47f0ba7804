using System.Text;
using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetFormatErrorTests
{
    private const string KddFile = "kddcup.data_10_percent.gz";

    [Fact]
    public void Thyroid_text_in_kept_column_names_cell()
    {
        var lines = RawText.FirstLines(DatasetId.Thyroid, 3);
        lines[1] = RawText.ReplaceSpaceField(lines[1], 17, "abc");

        var error = ParseFails(DatasetId.Thyroid, lines, "ann-train.data");

        Assert.Equal("ann-train.data", error.FileName);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal(17, error.Column);
        Assert.Equal(
            "ann-train.data: line 2, column 17: value 'abc' in column TSH is not a number; " +
            "replace the file with the original from https://archive.ics.uci.edu/ml/machine-learning-databases/thyroid-disease/ann-train.data",
            error.Message);
    }

    [Fact]
    public void Thyroid_short_row_names_first_missing_column()
    {
        var lines = RawText.FirstLines(DatasetId.Thyroid, 3);
        lines[2] = string.Join(' ', lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..20]);

        var error = ParseFails(DatasetId.Thyroid, lines, "ann-train.data");

        Assert.Equal(3, error.LineNumber);
        Assert.Equal(21, error.Column);
        Assert.Contains("expected 22 fields, found 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thyroid_unknown_class_is_rejected()
    {
        var lines = RawText.FirstLines(DatasetId.Thyroid, 2);
        lines[0] = RawText.ReplaceSpaceField(lines[0], 22, "4");

        var error = ParseFails(DatasetId.Thyroid, lines, "ann-train.data");

        Assert.Equal(1, error.LineNumber);
        Assert.Equal(22, error.Column);
        Assert.Contains("class '4' is not 1, 2 or 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Thyroid_dropped_binary_column_is_ignored()
    {
        var lines = RawText.FirstLines(DatasetId.Thyroid, 2);
        lines[0] = RawText.ReplaceSpaceField(lines[0], 2, "?");

        var data = DatasetLoader.Parse(DatasetId.Thyroid, RawText.ToStream(lines), "ann-train.data");

        Assert.Equal(2, data.Rows);
    }

    [Fact]
    public void Arrhythmia_question_mark_in_kept_column()
    {
        var lines = RawText.FirstLines(DatasetId.Arrhythmia, 4);
        lines[2] = RawText.ReplaceCommaField(lines[2], 5, "?");

        var error = ParseFails(DatasetId.Arrhythmia, lines, "arrhythmia.data");

        Assert.Equal(3, error.LineNumber);
        Assert.Equal(5, error.Column);
        Assert.Contains("missing value '?' in column qrs_duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrhythmia_empty_kept_cell_is_missing()
    {
        var lines = RawText.FirstLines(DatasetId.Arrhythmia, 2);
        lines[1] = RawText.ReplaceCommaField(lines[1], 200, "");

        var error = ParseFails(DatasetId.Arrhythmia, lines, "arrhythmia.data");

        Assert.Equal(2, error.LineNumber);
        Assert.Equal(200, error.Column);
        Assert.Contains("missing value ''", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrhythmia_extra_field_is_rejected()
    {
        var lines = RawText.FirstLines(DatasetId.Arrhythmia, 2);
        lines[1] += ",1";

        var error = ParseFails(DatasetId.Arrhythmia, lines, "arrhythmia.data");

        Assert.Equal(2, error.LineNumber);
        Assert.Equal(281, error.Column);
        Assert.Contains("expected 280 fields, found 281", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrhythmia_class_out_of_range()
    {
        var lines = RawText.FirstLines(DatasetId.Arrhythmia, 2);
        lines[0] = RawText.ReplaceCommaField(lines[0], 280, "17");

        var error = ParseFails(DatasetId.Arrhythmia, lines, "arrhythmia.data");

        Assert.Equal(280, error.Column);
        Assert.Contains("class '17' is not an integer from 1 to 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_row_of_40_fields()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 3);
        lines[1] = string.Join(',', lines[1].Split(',').Where((_, column) => column is not (5 or 6)));

        var error = ParseFails(DatasetId.Kddcup99, lines, KddFile);

        Assert.Equal(KddFile, error.FileName);
        Assert.Equal(2, error.LineNumber);
        Assert.Equal(41, error.Column);
        Assert.Contains("expected 42 fields, found 40", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_text_in_numeric_column()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 3);
        lines[2] = RawText.ReplaceCommaField(lines[2], 5, "12a");

        var error = ParseFails(DatasetId.Kddcup99, lines, KddFile);

        Assert.Equal(3, error.LineNumber);
        Assert.Equal(5, error.Column);
        Assert.Contains("value '12a' in column src_bytes is not a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_infinite_value_is_rejected()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 2);
        lines[0] = RawText.ReplaceCommaField(lines[0], 1, "1e40");

        var error = ParseFails(DatasetId.Kddcup99, lines, KddFile);

        Assert.Equal(1, error.Column);
        Assert.Contains("value '1e40' in column duration is not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_label_without_period()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 2);
        lines[1] = RawText.ReplaceCommaField(lines[1], 42, "normal");

        var error = ParseFails(DatasetId.Kddcup99, lines, KddFile);

        Assert.Equal(2, error.LineNumber);
        Assert.Equal(42, error.Column);
        Assert.Contains("label 'normal' does not end in '.'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_empty_category_is_rejected()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 2);
        lines[1] = RawText.ReplaceCommaField(lines[1], 3, "");

        var error = ParseFails(DatasetId.Kddcup99, lines, KddFile);

        Assert.Equal(3, error.Column);
        Assert.Contains("in column service is not a category name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_truncated_gzip_names_partial_line()
    {
        var content = File.ReadAllBytes(Path.Combine(SharedData.Directory, KddFile));

        var error = Assert.Throws<DatasetFormatException>(
            () => DatasetLoader.Parse(DatasetId.Kddcup99, new MemoryStream(content[..100_000]), KddFile));

        Assert.Equal(11_734, error.LineNumber);
        Assert.Contains("expected 42 fields, found 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_garbage_after_gzip_header()
    {
        byte[] content = [0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, .. Enumerable.Repeat((byte)0xff, 64)];

        var error = Assert.Throws<DatasetFormatException>(
            () => DatasetLoader.Parse(DatasetId.Kddcup99, new MemoryStream(content), KddFile));

        Assert.Equal(1, error.LineNumber);
        Assert.Contains("the gzip data cannot be decompressed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kddcup99_plain_text_parses()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 3);

        var data = DatasetLoader.Parse(DatasetId.Kddcup99, RawText.ToStream(lines), KddFile);

        Assert.Equal(3, data.Rows);
        Assert.Equal(38 + 1 + 1 + 1, data.FeatureCount);
        Assert.Equal(["protocol_type=tcp", "service=http", "flag=SF"], data.FeatureNames.Skip(38));
    }

    [Fact]
    public void Kddcup99Rev_too_few_attacks()
    {
        var lines = RawText.FirstLines(DatasetId.Kddcup99, 3);

        var error = ParseFails(DatasetId.Kddcup99Rev, lines, KddFile);

        Assert.Contains("the file has 0 attack rows but kddcup99-rev draws 24319 of them", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatasetId.Kddcup99)]
    [InlineData(DatasetId.Thyroid)]
    [InlineData(DatasetId.Arrhythmia)]
    public void Parse_empty_file_is_rejected(DatasetId id)
    {
        var error = Assert.Throws<DatasetFormatException>(
            () => DatasetLoader.Parse(id, new MemoryStream(Encoding.UTF8.GetBytes("\n  \n")), "empty.data"));

        Assert.StartsWith("empty.data: line 1, column 1: the file contains no data rows; ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_windows_line_endings_accepted()
    {
        var lines = RawText.FirstLines(DatasetId.Arrhythmia, 3);
        var content = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");

        var data = DatasetLoader.Parse(DatasetId.Arrhythmia, new MemoryStream(content), "arrhythmia.data");

        Assert.Equal(3, data.Rows);
    }

    private static DatasetFormatException ParseFails(DatasetId id, string[] lines, string fileName) =>
        Assert.Throws<DatasetFormatException>(() => DatasetLoader.Parse(id, RawText.ToStream(lines), fileName));
}
