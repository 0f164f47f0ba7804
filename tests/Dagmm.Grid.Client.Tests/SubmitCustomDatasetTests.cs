using System.Text.Json;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public sealed class SubmitCustomDatasetTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public SubmitCustomDatasetTests()
    {
        Directory.CreateDirectory(DataPath);

        // 60 rows: a constant column, a categorical column, one missing amount and every tenth row an anomaly.
        var lines = new List<string> { "version,amount,country,is_fraud" };
        for (var row = 0; row < 60; row++)
        {
            var anomaly = row % 10 == 3;
            var amount = row == 7 ? "NA" : (anomaly ? 40 + row : row % 9).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Add($"2,{amount},{(row % 3 == 0 ? "fr" : "de")},{(anomaly ? "yes" : "no")}");
        }

        File.WriteAllText(Path.Combine(DataPath, "fraud.csv"), string.Join('\n', lines) + "\n");
    }

    private string DataPath => Path.Combine(_folder.Path, "data");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Submit_custom_csv_trains_and_summarises()
    {
        var sweep = WriteSweep("""
            {"name": "own", "mixtures": ["gaussian"], "seeds": 2,
             "datasets": [{"path": "fraud.csv", "label": "is_fraud", "anomaly": "yes", "categorical": ["country"], "impute": "mean", "preset": {"epochs": 3, "batchSize": 1024}}]}
            """);

        var outcome = await SubmitAsync(sweep);

        Assert.True(outcome.ExitCode == 0, $"exit {outcome.ExitCode}: {outcome.StandardError}");
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var root = document.RootElement;
        var summary = Assert.Single(root.GetProperty("summary").EnumerateArray());
        Assert.Equal("fraud", summary.GetProperty("dataset").GetString());
        Assert.Equal(2, summary.GetProperty("n").GetInt32());
        Assert.All(root.GetProperty("runs").EnumerateArray(), run => Assert.Equal("succeeded", run.GetProperty("status").GetString()));
        Assert.True(Directory.Exists(Path.Combine(_folder.Path, "results", "own", "runs")), "no run files were written");
        Assert.Contains("note: dataset fraud has 27 training rows, fewer than batchSize 1024, so each epoch trains on one batch of 27 rows", outcome.StandardError);
    }

    [Fact]
    public async Task Results_reads_custom_sweep_with_data()
    {
        var sweep = WriteSweep("""
            {"name": "own-results", "mixtures": ["gaussian"], "seeds": 1,
             "datasets": [{"path": "fraud.csv", "label": "is_fraud", "anomaly": "yes", "categorical": ["country"], "impute": "mean", "preset": {"epochs": 3, "batchSize": 1024}}]}
            """);
        var submitted = await SubmitAsync(sweep);
        Assert.True(submitted.ExitCode == 0, $"exit {submitted.ExitCode}: {submitted.StandardError}");

        var results = await GridClientProcess.RunAsync(
            "results", "own-results", "--results", Path.Combine(_folder.Path, "results"), "--data", DataPath, "--threshold", "test-ratio", "--json");

        Assert.True(results.ExitCode == 0, $"exit {results.ExitCode}: {results.StandardError}");
        using var document = JsonDocument.Parse(results.StandardOutput);
        var summary = Assert.Single(document.RootElement.GetProperty("summary").EnumerateArray());
        Assert.Equal("fraud", summary.GetProperty("dataset").GetString());
        Assert.Equal("test-ratio", summary.GetProperty("threshold").GetString());
    }

    [Fact]
    public async Task Submit_custom_missing_cell_exits_two()
    {
        var sweep = WriteSweep("""
            {"name": "own", "mixtures": ["gaussian"], "seeds": 1,
             "datasets": [{"path": "fraud.csv", "label": "is_fraud", "anomaly": "yes", "categorical": ["country"]}]}
            """);

        var outcome = await SubmitAsync(sweep);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("sweep.json: $.datasets[0]: fraud.csv: line 9, column 2: missing value \"NA\" in numeric column \"amount\"", outcome.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, "results")), "an invalid sweep created the results folder");
    }

    [Fact]
    public async Task Submit_table_with_three_normal_rows_exits_two()
    {
        File.WriteAllText(Path.Combine(DataPath, "tiny.csv"), "a,b,y\n1,2,0\n2,2,0\n3,1,0\n3,4,1\n");
        var sweep = WriteSweep("""
            {"name": "tiny", "mixtures": ["gaussian"], "seeds": 1,
             "datasets": [{"path": "tiny.csv", "label": "y", "anomaly": "1"}], "overrides": {"epochs": 2, "batchSize": 2}}
            """);

        var outcome = await SubmitAsync(sweep);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("error: dataset tiny: its training split has 1 rows (half of its normal rows), and training needs at least 2; add normal rows to the table", outcome.StandardError);
    }

    private string WriteSweep(string json)
    {
        var path = Path.Combine(_folder.Path, "sweep.json");
        File.WriteAllText(path, json);
        return path;
    }

    private Task<ProcessOutcome> SubmitAsync(string sweepPath) =>
        GridClientProcess.RunAsync("submit", sweepPath, "--results", Path.Combine(_folder.Path, "results"), "--data", DataPath, "--json", "--offline");
}
