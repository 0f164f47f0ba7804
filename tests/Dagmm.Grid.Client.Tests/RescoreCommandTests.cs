using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;
using Parquet.Serialization;

namespace Dagmm.Grid.Client.Tests;

/// <summary>submit --threshold and results --threshold: metrics recomputed from the stored energies of a finished sweep.</summary>
public sealed class RescoreCommandTests : IDisposable
{
    private const string Sweep = "rescored";

    private readonly string _folder = Directory.CreateTempSubdirectory("dagmm-rescore-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ResultsFolder => Path.Combine(_folder, "results");

    private string SweepFolder => Path.Combine(ResultsFolder, Sweep);

    private string WriteSweep()
    {
        var path = Path.Combine(_folder, Sweep + ".json");
        File.WriteAllText(path, $$$"""{"name": "{{{Sweep}}}", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2, "overrides": {"epochs": 0}}""");
        return path;
    }

    private Task<ProcessOutcome> SubmitAsync(string sweepPath, params string[] options) =>
        GridClientProcess.RunAsync(["submit", sweepPath, "--results", ResultsFolder, "--data", SharedData.Directory, .. options]);

    [Fact]
    public async Task Submit_threshold_rescores_without_retraining()
    {
        var sweepPath = WriteSweep();
        var trained = await SubmitAsync(sweepPath, "--json");
        var runFilesBefore = ReadRunFiles();

        var rescored = await SubmitAsync(sweepPath, "--threshold", "oracle-count", "--json");

        Assert.True(trained.ExitCode == 0, trained.StandardError);
        Assert.True(rescored.ExitCode == 0, rescored.StandardError);
        using var document = JsonDocument.Parse(rescored.StandardOutput);
        var sweep = document.RootElement.GetProperty("sweep");
        Assert.Equal(2, sweep.GetProperty("reused").GetInt32());
        Assert.Equal("oracle-count", sweep.GetProperty("rescored").GetProperty("threshold").GetString());
        Assert.Equal(0, sweep.GetProperty("rescored").GetProperty("skipped").GetArrayLength());
        var summaryRow = Assert.Single(document.RootElement.GetProperty("summary").EnumerateArray());
        Assert.Equal("oracle-count", summaryRow.GetProperty("threshold").GetString());
        Assert.Equal(2, summaryRow.GetProperty("n").GetInt32());
        Assert.Equal(runFilesBefore, ReadRunFiles());
    }

    [Fact]
    public async Task Rescored_metrics_match_stored_scores()
    {
        var sweepPath = WriteSweep();
        var trained = await SubmitAsync(sweepPath, "--json");
        Assert.True(trained.ExitCode == 0, trained.StandardError);

        var rescored = await GridClientProcess.RunAsync("results", Sweep, "--results", ResultsFolder, "--threshold", "oracle-count", "--json");

        Assert.True(rescored.ExitCode == 0, rescored.StandardError);
        using var document = JsonDocument.Parse(rescored.StandardOutput);
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            // oracle-count flags the k highest test energies (ties by position), k = the number of test
            // anomalies, so precision, recall and F1 all equal the share of anomalies among them.
            var runKey = run.GetProperty("run_key").GetString()!;
            var test = (await ReadScoresAsync(runKey)).Where(score => score.Split == ScoreRecord.TestSplit).ToList();
            var anomalies = test.Count(score => score.Label == 1);
            var flagged = test.Select((score, position) => (score, position))
                .OrderByDescending(pair => pair.score.Energy)
                .ThenBy(pair => pair.position)
                .Take(anomalies);
            var expected = (double)flagged.Count(pair => pair.score.Label == 1) / anomalies;
            Assert.Equal("oracle-count", run.GetProperty("threshold").GetString());
            Assert.Equal(expected, run.GetProperty("precision").GetDouble(), 12);
            Assert.Equal(expected, run.GetProperty("recall").GetDouble(), 12);
            Assert.Equal(expected, run.GetProperty("f1").GetDouble(), 12);
        }

        await using var stream = File.OpenRead(Path.Combine(SweepFolder, "summary-oracle-count.parquet"));
        var summary = Assert.Single((await ParquetSerializer.DeserializeAsync<SummaryRecord>(stream)).Data);
        Assert.Equal("oracle-count", summary.Threshold);
        Assert.Equal(2, summary.N);
    }

    [Fact]
    public async Task Rescore_names_run_without_scores()
    {
        var trained = await SubmitAsync(WriteSweep(), "--json");
        Assert.True(trained.ExitCode == 0, trained.StandardError);
        var scoreFiles = Directory.GetFiles(Path.Combine(SweepFolder, "scores")).Order(StringComparer.Ordinal).ToList();
        File.Delete(scoreFiles[0]);

        var rescored = await GridClientProcess.RunAsync("results", Sweep, "--results", ResultsFolder, "--threshold", "test-ratio");

        Assert.Equal(0, rescored.ExitCode);
        Assert.Contains("warning: left out of the test-ratio summary: rescored/thyroid/gaussian/seed-1/cfg-", rescored.StandardError);
        Assert.Contains(": no stored scores, because scores/thyroid.gaussian.seed-1.cfg-", rescored.StandardError);
        Assert.Contains("warning: summary-test-ratio.parquet was not written because 1 succeeded run could not be rescored", rescored.StandardError);
        Assert.False(File.Exists(Path.Combine(SweepFolder, "summary-test-ratio.parquet")), "a partial summary was written");
        Assert.Contains("threshold protocol test-ratio, rescored from the stored sample energies without retraining", rescored.StandardOutput);
        Assert.Contains("│ thyroid │ gaussian │ test-ratio │ 1 │", rescored.StandardOutput);
    }

    [Fact]
    public async Task Unwritable_summary_exits_two()
    {
        var trained = await SubmitAsync(WriteSweep(), "--json");
        Assert.True(trained.ExitCode == 0, trained.StandardError);
        // A folder in the file's place makes the write fail even for root, who ignores permissions.
        Directory.CreateDirectory(Path.Combine(SweepFolder, "summary-test-ratio.parquet"));

        var rescored = await GridClientProcess.RunAsync("results", Sweep, "--results", ResultsFolder, "--threshold", "test-ratio");

        Assert.Equal(2, rescored.ExitCode);
        Assert.Contains($"error: cannot write {Path.Combine(SweepFolder, "summary-test-ratio.parquet")} (", rescored.StandardError);
        Assert.Contains("give a writable --results folder", rescored.StandardError);
        Assert.DoesNotContain("Unhandled exception", rescored.StandardError);
        Assert.Contains("│ thyroid │ gaussian │ test-ratio │ 2 │", rescored.StandardOutput);
    }

    [Fact]
    public async Task Plot_threshold_titles_protocol()
    {
        var trained = await SubmitAsync(WriteSweep(), "--json");
        Assert.True(trained.ExitCode == 0, trained.StandardError);

        var plotted = await GridClientProcess.RunAsync(
            "plot", Sweep, "--results", ResultsFolder, "--threshold", "pooled-ratio", "--anomaly-ratio", "0.2");

        Assert.True(plotted.ExitCode == 0, plotted.StandardError);
        var figures = Path.Combine(SweepFolder, "figures-pooled-ratio-rho0.2");
        var svg = await File.ReadAllTextAsync(Path.Combine(figures, "thyroid-precision-recall-f1.svg"));
        Assert.Contains("pooled-ratio with rho 0.2 for every run threshold", svg);
        Assert.Contains(Path.Combine(figures, "thyroid-precision-recall-f1.png"), plotted.StandardOutput);
        Assert.False(Directory.Exists(Path.Combine(SweepFolder, "figures")), "rescored figures went to the default folder");
    }

    [Fact]
    public async Task Plot_out_file_exits_two()
    {
        var trained = await SubmitAsync(WriteSweep(), "--json");
        Assert.True(trained.ExitCode == 0, trained.StandardError);
        var file = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var plotted = await GridClientProcess.RunAsync("plot", Sweep, "--results", ResultsFolder, "--out", file);

        Assert.Equal(2, plotted.ExitCode);
        Assert.Contains($"error: --out: cannot write the figures to {file} (", plotted.StandardError);
        Assert.DoesNotContain("Unhandled exception", plotted.StandardError);
        Assert.Equal("not a folder", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Results_folder_file_named()
    {
        var file = Path.Combine(_folder, "results-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var outcome = await GridClientProcess.RunAsync("results", Sweep, "--results", file);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"--results: {file} is a file; give the results folder that submit wrote to", outcome.StandardError);
    }

    [Fact]
    public async Task Missing_results_folder_named()
    {
        var absent = Path.Combine(_folder, "absent");

        var outcome = await GridClientProcess.RunAsync("results", Sweep, "--results", absent, "--threshold", "test-ratio");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"sweep \"{Sweep}\" not found in the results folder {absent}, which does not exist", outcome.StandardError);
        Assert.Contains($"grid-client list --results {absent}", outcome.StandardError);
    }

    [Fact]
    public async Task Anomaly_ratio_applies_to_every_run()
    {
        var trained = await SubmitAsync(WriteSweep(), "--json");
        Assert.True(trained.ExitCode == 0, trained.StandardError);

        var rescored = await GridClientProcess.RunAsync(
            "results", Sweep, "--results", ResultsFolder, "--threshold", "pooled-ratio", "--anomaly-ratio", "0.2", "--json");

        Assert.True(rescored.ExitCode == 0, rescored.StandardError);
        using var document = JsonDocument.Parse(rescored.StandardOutput);
        Assert.Equal(0.2, document.RootElement.GetProperty("sweep").GetProperty("rescored").GetProperty("anomaly_ratio").GetDouble());
        Assert.All(document.RootElement.GetProperty("runs").EnumerateArray(), run => Assert.Equal(0.2, run.GetProperty("anomaly_ratio").GetDouble()));
        Assert.True(File.Exists(Path.Combine(SweepFolder, "summary-pooled-ratio-rho0.2.parquet")), "summary-pooled-ratio-rho0.2.parquet missing");
    }

    [Theory]
    [InlineData("--anomaly-ratio", "0.2", "--anomaly-ratio: applies only when rescoring; add --threshold PROTOCOL")]
    [InlineData("--threshold", "pooled-ratio", "--anomaly-ratio", "1.5", "--anomaly-ratio: 1.5 is outside (0, 1)")]
    [InlineData("--threshold", "pooled-ratio", "--anomaly-ratio", "many", "--anomaly-ratio: \"many\" is invalid")]
    [InlineData("--threshold", "oracle-count", "--anomaly-ratio", "0.2", "--anomaly-ratio: oracle-count flags as many test samples as there are anomalies")]
    public async Task Bad_anomaly_ratio_exits_two(params string[] optionsAndMessage)
    {
        var options = optionsAndMessage[..^1];

        var outcome = await GridClientProcess.RunAsync(["results", Sweep, "--results", ResultsFolder, .. options]);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(optionsAndMessage[^1], outcome.StandardError);
    }

    [Fact]
    public async Task Unknown_threshold_exits_two()
    {
        var outcome = await SubmitAsync(WriteSweep(), "--threshold", "median");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--threshold: unknown protocol \"median\"; expected pooled-ratio", outcome.StandardError);
        Assert.False(Directory.Exists(ResultsFolder), "a rejected submit created the results folder");
    }

    [Fact]
    public async Task Threshold_with_detach_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync(
            "submit", WriteSweep(), "--cluster", "redis://127.0.0.1:1", "--detach", "--threshold", "test-ratio");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--threshold: with --detach there is nothing to rescore yet", outcome.StandardError);
        Assert.Contains("grid-client results SWEEP --threshold PROTOCOL", outcome.StandardError);
    }

    private Dictionary<string, byte[]> ReadRunFiles() =>
        Directory.GetFiles(Path.Combine(SweepFolder, "runs")).ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);

    private async Task<IReadOnlyList<ScoreRecord>> ReadScoresAsync(string runKey) =>
        await new ResultStore(ResultsFolder).ReadScoresAsync(Sweep, runKey);
}
