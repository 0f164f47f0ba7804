using System.Text.Json;
using Dagmm.Grid.Client.Tests.Support;
using Parquet.Serialization;

namespace Dagmm.Grid.Client.Tests;

public class DatasetsInspectCommandTests
{
    private static string Write(TemporaryFolder folder, string name, string text)
    {
        var path = Path.Combine(folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task DatasetsInspect_prints_columns_and_balance()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "fraud.csv", "amount,merchant,is_fraud\n12.5,shop,0\n,cafe,1\n7,shop,0\n3,shop,0\n");

        var outcome = await GridClientProcess.RunAsync("datasets", "inspect", path, "--label", "is_fraud");

        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.StandardOutput.Split('\n');
        Assert.Contains("rows:    4", lines);
        Assert.Contains("columns: 3", lines);
        Assert.Contains("amount    number         1 (25.00%)         3             3          12.5", lines);
        Assert.Contains("merchant  text            0 (0.00%)         2", lines);
        Assert.Contains("label is_fraud: 2 classes", lines);
        Assert.Contains("  0               3    75.00%", lines);
        Assert.Contains("  1               1    25.00%", lines);
    }

    [Fact]
    public async Task DatasetsInspect_json_reports_types()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "t.csv", "a,b,c\n1,x,?\n2,y,?\n");

        var outcome = await GridClientProcess.RunAsync("datasets", "inspect", path, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var columns = document.RootElement.GetProperty("columns").EnumerateArray().ToList();
        Assert.Equal(["integer", "text", "empty"], columns.Select(column => column.GetProperty("type").GetString()));
        Assert.Equal(2, columns[2].GetProperty("missing").GetInt32());
        Assert.Equal(2, document.RootElement.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task DatasetsInspect_ragged_row_exits_two()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "ragged.csv", "a,b\n1,2\n3,4,5\n");

        var outcome = await GridClientProcess.RunAsync("datasets", "inspect", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("error: ragged.csv: line 3, column 3: expected 2 fields as in the header, found 3", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsInspect_unknown_label_exits_two()
    {
        using var folder = new TemporaryFolder();
        var path = Write(folder, "t.csv", "a,b\n1,2\n");

        var outcome = await GridClientProcess.RunAsync("datasets", "inspect", path, "--label", "class");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("error: --label: label column \"class\" not found in t.csv; its columns are \"a\", \"b\"", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsInspect_missing_file_exits_two()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "none.csv");

        var outcome = await GridClientProcess.RunAsync("datasets", "inspect", path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"error: {path} not found", outcome.StandardError);
    }

    [Fact]
    public async Task DatasetsInspect_parquet_counts_classes()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "labels.parquet");
        var rows = Enumerable.Range(0, 40).Select(index => new LabelledRow { Value = index * 0.5, Label = index < 30 ? "normal" : "attack" }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path);

        var outcome = await GridClientProcess.RunAsync("datasets", "inspect", path, "--label", "Label", "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var classes = document.RootElement.GetProperty("classes").EnumerateArray()
            .Select(entry => (entry.GetProperty("value").GetString(), entry.GetProperty("rows").GetInt32()));
        Assert.Equal([("normal", 30), ("attack", 10)], classes);
    }

    public sealed class LabelledRow
    {
        public double Value { get; set; }

        public string Label { get; set; } = "";
    }
}
