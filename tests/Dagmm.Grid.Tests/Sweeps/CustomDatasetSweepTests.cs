using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class CustomDatasetSweepTests : IDisposable
{
    private readonly TemporaryFolder _data = new();

    public CustomDatasetSweepTests()
    {
        var lines = new List<string> { "amount,country,is_fraud" };
        for (var row = 0; row < 20; row++)
        {
            lines.Add($"{row},{(row % 2 == 0 ? "fr" : "de")},{(row % 5 == 0 ? 1 : 0)}");
        }

        File.WriteAllText(Path.Combine(_data.Path, "fraud.csv"), string.Join('\n', lines) + "\n");
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Benchmark_run_key_unchanged()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.StudentT(), seed: 3);

        var key = RunKeys.Create("paper", settings);

        Assert.Equal("paper/thyroid/student-t-nu4/seed-3/cfg-cb1a39", key);
    }

    [Fact]
    public void Parse_custom_dataset_builds_runs()
    {
        var sweep = Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": 1, "categorical": ["country"]}""");

        var settings = sweep.Runs[0].Settings;
        Assert.Equal(2, sweep.Runs.Count);
        Assert.Equal(DatasetId.Custom, settings.Dataset);
        Assert.Equal("fraud", settings.DatasetName);
        Assert.Equal(["1"], settings.CustomDataset!.AnomalyValues);
        Assert.Equal(CustomDatasetLoader.Sha256Of(Path.Combine(_data.Path, "fraud.csv")), settings.CustomDataset.Sha256);
        Assert.StartsWith("own/fraud/gaussian/seed-1/cfg-", sweep.Runs[0].RunKey, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_custom_preset_from_table()
    {
        var sweep = Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": "1", "categorical": ["country"]}""");

        var settings = sweep.Runs[0].Settings;
        Assert.Equal([12, 4, 1], settings.EncoderLayers);
        Assert.Equal(8, settings.BatchSize);
        Assert.Equal(0.2, settings.AnomalyRatio);
    }

    [Fact]
    public void Parse_custom_preset_override_applies()
    {
        var sweep = Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": "1", "drop": ["country"], "name": "card-fraud", "preset": {"epochs": 2, "encoderLayers": [4, 1], "components": 3}}""");

        var settings = sweep.Runs[0].Settings;
        Assert.Equal(2, settings.Epochs);
        Assert.Equal([4, 1], settings.EncoderLayers);
        Assert.Equal(3, settings.Components);
        Assert.Equal("card-fraud", settings.DatasetName);
    }

    [Fact]
    public void Parse_preset_rejects_other_settings()
    {
        var error = Assert.Throws<SweepFileException>(() => Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": "1", "drop": ["country"], "preset": {"dropout": 0.1}}"""));

        Assert.Equal("$.datasets[0].preset.dropout", error.JsonPath);
    }

    [Fact]
    public void Parse_load_error_names_entry()
    {
        var error = Assert.Throws<SweepFileException>(() => Parse("""{"path": "fraud.csv", "label": "fraud", "anomaly": "1"}"""));

        Assert.Equal("$.datasets[0]", error.JsonPath);
        Assert.Contains("label column \"fraud\" not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_missing_file_names_path_field()
    {
        var error = Assert.Throws<SweepFileException>(() => Parse("""{"path": "absent.csv", "label": "is_fraud", "anomaly": "1"}"""));

        Assert.Equal("$.datasets[0].path", error.JsonPath);
    }

    [Fact]
    public void Parse_missing_fields_reported()
    {
        var error = Assert.Throws<SweepFileException>(() => Parse("""{"path": "fraud.csv"}"""));

        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void Parse_benchmark_name_rejected()
    {
        var error = Assert.Throws<SweepFileException>(() => Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": "1", "categorical": ["country"], "name": "thyroid"}"""));

        Assert.Equal("$.datasets[0].name", error.JsonPath);
    }

    [Fact]
    public void Parse_repeated_name_rejected()
    {
        var entry = """{"path": "fraud.csv", "label": "is_fraud", "anomaly": "1", "categorical": ["country"]}""";

        var error = Assert.Throws<SweepFileException>(() => Parse(entry, entry));

        Assert.Equal("$.datasets[1]", error.JsonPath);
    }

    [Fact]
    public void Json_custom_settings_round_trip()
    {
        var settings = Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": ["1"], "normal": ["0"], "categorical": ["country"], "impute": "mean"}""").Runs[0].Settings;

        var json = RunSettingsJson.Serialize(settings);
        var read = RunSettingsJson.Deserialize(json);

        Assert.Equal(json, RunSettingsJson.Serialize(read));
        Assert.Equal(MissingValuePolicy.Mean, read.CustomDataset!.Impute);
        Assert.Contains("\"dataset\":\"custom\",\"customDataset\":{\"name\":\"fraud\",\"path\":\"fraud.csv\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_custom_without_spec_rejected()
    {
        var json = RunSettingsJson.Serialize(RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1)).Replace("\"thyroid\"", "\"custom\"");

        var error = Assert.Throws<JsonException>(() => RunSettingsJson.Deserialize(json));

        Assert.StartsWith("customDataset: missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_benchmark_omits_custom_field()
    {
        var json = RunSettingsJson.Serialize(RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Laplace, 2));

        Assert.DoesNotContain("customDataset", json, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckDataPaths_cluster_rejects_outside_path()
    {
        using var elsewhere = new TemporaryFolder();
        var outside = Path.Combine(elsewhere.Path, "fraud.csv");
        File.Copy(Path.Combine(_data.Path, "fraud.csv"), outside);
        var sweep = Parse($$"""{"path": {{JsonSerializer.Serialize(outside)}}, "label": "is_fraud", "anomaly": "1", "categorical": ["country"]}""");

        var error = Assert.Throws<SweepFileException>(() => SweepFile.CheckDataPaths(sweep, "own.json", _data.Path, cluster: true));

        Assert.Contains("outside the data folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckDataPaths_cluster_rejects_parent_path()
    {
        var inner = Path.Combine(_data.Path, "inner");
        Directory.CreateDirectory(inner);
        var sweep = Parse("""{"path": "../fraud.csv", "label": "is_fraud", "anomaly": "1", "categorical": ["country"]}""", dataDirectory: inner);

        Assert.Throws<SweepFileException>(() => SweepFile.CheckDataPaths(sweep, "own.json", inner, cluster: true));
    }

    [Fact]
    public void CheckDataPaths_in_process_allows_outside()
    {
        var inner = Path.Combine(_data.Path, "inner");
        Directory.CreateDirectory(inner);
        var sweep = Parse("""{"path": "../fraud.csv", "label": "is_fraud", "anomaly": "1", "categorical": ["country"]}""", dataDirectory: inner);

        SweepFile.CheckDataPaths(sweep, "own.json", inner, cluster: false);

        Assert.Single(sweep.Runs.Select(run => run.Settings.DatasetName).Distinct());
    }

    [Fact]
    public void CheckDataPaths_cluster_accepts_inside_path()
    {
        var sweep = Parse("""{"path": "fraud.csv", "label": "is_fraud", "anomaly": "1", "categorical": ["country"]}""");

        SweepFile.CheckDataPaths(sweep, "own.json", _data.Path, cluster: true);

        Assert.Equal(2, sweep.Runs.Count);
    }

    private SweepDefinition Parse(string entry, string? second = null, string? dataDirectory = null)
    {
        var datasets = second is null ? entry : entry + ", " + second;
        var json = $$"""{"name": "own", "datasets": [{{datasets}}], "mixtures": ["gaussian"], "seeds": 2}""";
        return SweepFile.Parse(json, "own.json", dataDirectory ?? _data.Path);
    }
}
