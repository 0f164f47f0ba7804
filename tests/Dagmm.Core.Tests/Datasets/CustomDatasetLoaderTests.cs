using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Parquet.Serialization;

namespace Dagmm.Core.Tests.Datasets;

public sealed class CustomDatasetLoaderTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_numeric_csv_reads_features_and_labels()
    {
        Write("small.csv", "a,b,class\n1,2,0\n3,4.5,1\n5,6,0\n");

        var data = CustomDatasetLoader.Load(Spec("small.csv"), _folder.Path);

        Assert.Equal(2, data.FeatureCount);
        Assert.Equal([1f, 2f, 3f, 4.5f, 5f, 6f], data.Features);
        Assert.Equal([false, true, false], data.IsAnomaly);
        Assert.Equal(["a", "b"], data.FeatureNames);
        Assert.Equal(DatasetId.Custom, data.Id);
    }

    [Fact]
    public void Load_categorical_uses_whole_file_vocabulary()
    {
        Write("colors.csv", "color,x,class\nred,1,0\nblue,2,0\nred,3,1\n?,4,0\n");

        var data = CustomDatasetLoader.Load(Spec("colors.csv") with { Categorical = ["color"] }, _folder.Path);

        Assert.Equal(["color=blue", "color=red", "x"], data.FeatureNames);
        Assert.Equal([0f, 1f, 1f, 1f, 0f, 2f, 0f, 1f, 3f, 0f, 0f, 4f], data.Features);
    }

    [Fact]
    public void Load_drop_removes_columns()
    {
        Write("ids.csv", "id,x,class\nA,1,0\nB,2,1\n");

        var data = CustomDatasetLoader.Load(Spec("ids.csv") with { Drop = ["id"] }, _folder.Path);

        Assert.Equal(["x"], data.FeatureNames);
    }

    [Fact]
    public void Load_ragged_row_names_file_and_line()
    {
        Write("ragged.csv", "a,b,class\n1,2,0\n3,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("ragged.csv"), _folder.Path));

        Assert.Equal("ragged.csv: line 3, column 3: expected 3 fields as in the header, found 2; give every row one field per header column, and quote fields that contain the delimiter", error.Message);
    }

    [Fact]
    public void Load_missing_label_column_lists_header()
    {
        Write("nolabel.csv", "a,b\n1,2\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("nolabel.csv"), _folder.Path));

        Assert.Equal("nolabel.csv: line 1, column 1: label column \"class\" not found; the header has \"a\", \"b\"; name the label column with \"label\"", error.Message);
    }

    [Fact]
    public void Load_undeclared_label_value_lists_values()
    {
        Write("labels.csv", "a,class\n1,0\n2,1\n3,2\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("labels.csv") with { NormalValues = ["0"] }, _folder.Path));

        Assert.Equal(
            "labels.csv: line 4, column 2: label value \"2\" in column \"class\" is neither an anomaly value (\"1\") nor a normal value (\"0\"); the column holds \"0\" (1 rows), \"1\" (1 rows), \"2\" (1 rows); add the value to \"anomaly\" or \"normal\", or remove those rows",
            error.Message);
    }

    [Fact]
    public void Load_absent_anomaly_value_rejected()
    {
        Write("noanomaly.csv", "a,class\n1,0\n2,0\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("noanomaly.csv"), _folder.Path));

        Assert.Equal(
            "noanomaly.csv: line 1, column 2: anomaly value \"1\" does not occur in column \"class\", which holds \"0\" (2 rows); set \"anomaly\" to the label values of the anomaly class",
            error.Message);
    }

    [Fact]
    public void Load_header_only_rejected()
    {
        Write("header.csv", "a,class\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("header.csv"), _folder.Path));

        Assert.Equal("header.csv: line 1, column 1: the table has a header but no data rows; add the samples below the header", error.Message);
    }

    [Fact]
    public void Load_no_normal_rows_rejected()
    {
        Write("allanomaly.csv", "a,class\n1,1\n2,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("allanomaly.csv"), _folder.Path));

        Assert.Contains("every row is an anomaly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_missing_cell_named_without_impute()
    {
        Write("gaps.csv", "a,b,class\n1,2,0\n3,NA,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("gaps.csv"), _folder.Path));

        Assert.Equal(
            "gaps.csv: line 3, column 2: missing value \"NA\" in numeric column \"b\"; set \"impute\": \"mean\" to fill such cells, list \"b\" in \"categorical\" or \"drop\", or fix the cell",
            error.Message);
    }

    [Fact]
    public void Load_non_numeric_cell_named_without_impute()
    {
        Write("text.csv", "a,b,class\n1,two,0\n3,4,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("text.csv"), _folder.Path));

        Assert.StartsWith("text.csv: line 2, column 2: value \"two\" in numeric column \"b\" is not a finite number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Impute_mean_uses_training_rows()
    {
        // Normal rows 0-3 (b = 10, ?, 30, 50) and one anomaly; seed 1 trains on two of the normal rows.
        Write("impute.csv", "a,b,class\n1,10,0\n2,?,0\n3,30,0\n4,50,0\n5,x,1\n");
        var data = CustomDatasetLoader.Load(Spec("impute.csv") with { Impute = MissingValuePolicy.Mean }, _folder.Path);
        var split = DataSplit.Create(data, seed: 1);
        var trainValues = split.TrainRows.Select(row => data.Features[(row * 2) + 1]).Where(value => !float.IsNaN(value)).ToList();
        var expected = trainValues.Count > 0 ? trainValues.Average() : 30f;

        var prepared = PreparedData.Create(data, seed: 1, ScalingKind.ZScore);
        var imputedRow = Array.IndexOf(prepared.TestSampleIndex, 1) is var testIndex and >= 0
            ? prepared.Test[(testIndex * 2) + 1]
            : prepared.Train[(Array.IndexOf(prepared.TrainSampleIndex, 1) * 2) + 1];
        var scaled = (expected - prepared.Scaler.Offset[1]) / prepared.Scaler.Scale[1];

        Assert.True(data.HasMissingValues);
        Assert.Equal(scaled, imputedRow, 5);
        Assert.All(prepared.Test, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Impute_all_missing_column_rejected()
    {
        Write("empty.csv", "a,b,class\n1,?,0\n2,,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("empty.csv") with { Impute = MissingValuePolicy.Mean }, _folder.Path));

        Assert.Contains("column \"b\" has no numeric value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_duplicate_column_names_rejected()
    {
        Write("twice.csv", "a,a,class\n1,2,0\n");

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(Spec("twice.csv"), _folder.Path));

        Assert.Equal("twice.csv: line 1, column 2: column name \"a\" appears twice (columns 1 and 2); give every column its own name", error.Message);
    }

    [Fact]
    public void Load_changed_file_fails_checksum()
    {
        Write("changed.csv", "a,class\n1,0\n2,1\n");

        var error = Assert.Throws<DatasetFileException>(() => CustomDatasetLoader.Load(Spec("changed.csv") with { Sha256 = new string('0', 64) }, _folder.Path));

        Assert.Contains("the file changed after submission", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_missing_file_names_data_folder()
    {
        var error = Assert.Throws<DatasetFileException>(() => CustomDatasetLoader.Load(Spec("absent.csv"), _folder.Path));

        Assert.Contains(_folder.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_parquet_reads_typed_columns()
    {
        var rows = new List<ParquetRow>
        {
            new() { Amount = 1.5, Country = "fr", Fraud = "no" },
            new() { Amount = null, Country = "de", Fraud = "no" },
            new() { Amount = 7.0, Country = "fr", Fraud = "yes" },
        };
        await ParquetSerializer.SerializeAsync(rows, Path.Combine(_folder.Path, "table.parquet"));
        var spec = new CustomDatasetSpec
        {
            Name = "table", Path = "table.parquet", Label = "Fraud", AnomalyValues = ["yes"], Categorical = ["Country"], Impute = MissingValuePolicy.Mean,
        };

        var data = CustomDatasetLoader.Load(spec, _folder.Path);

        Assert.Equal(["Amount", "Country=de", "Country=fr"], data.FeatureNames);
        Assert.Equal([false, false, true], data.IsAnomaly);
        Assert.True(float.IsNaN(data.Features[3]));
    }

    [Fact]
    public async Task Load_parquet_missing_cell_uses_row_line()
    {
        var rows = new List<ParquetRow> { new() { Amount = 1, Country = "fr", Fraud = "no" }, new() { Amount = null, Country = "fr", Fraud = "yes" } };
        await ParquetSerializer.SerializeAsync(rows, Path.Combine(_folder.Path, "gap.parquet"));
        var spec = new CustomDatasetSpec { Name = "gap", Path = "gap.parquet", Label = "Fraud", AnomalyValues = ["yes"], Drop = ["Country"] };

        var error = Assert.Throws<DatasetFormatException>(() => CustomDatasetLoader.Load(spec, _folder.Path));

        Assert.StartsWith("gap.parquet: line 3, column 1: missing value \"\" in numeric column \"Amount\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cache_keys_by_content_hash()
    {
        Write("cached.csv", "a,class\n1,0\n2,1\n");
        var spec = Spec("cached.csv") with { Sha256 = CustomDatasetLoader.Sha256Of(Path.Combine(_folder.Path, "cached.csv")) };
        var cache = new DatasetCache();

        var first = cache.Get(spec, _folder.Path);
        Write("cached.csv", "a,class\n5,0\n6,1\n");
        var changed = spec with { Sha256 = CustomDatasetLoader.Sha256Of(Path.Combine(_folder.Path, "cached.csv")) };
        var second = cache.Get(changed, _folder.Path);

        Assert.Same(first, cache.Get(spec, _folder.Path));
        Assert.Equal([5f, 6f], second.Features);
    }

    [Fact]
    public void Preset_narrow_table_follows_thyroid()
    {
        var summary = new DatasetSummary(DatasetId.Custom, Rows: 1000, Features: 8, Anomalies: 50, AnomalyRatio: 0.05);

        var settings = RunSettings.ForCustomDataset(Spec("x.csv"), summary, MixtureSpec.Gaussian, seed: 1);

        Assert.Equal([12, 4, 1], settings.EncoderLayers);
        Assert.Equal(2, settings.Components);
        Assert.Equal(128, settings.BatchSize);
        Assert.Equal(5_000, settings.Epochs);
        Assert.Equal(0.05, settings.AnomalyRatio);
    }

    [Fact]
    public void Preset_wide_small_table_follows_arrhythmia()
    {
        var summary = new DatasetSummary(DatasetId.Custom, Rows: 400, Features: 200, Anomalies: 40, AnomalyRatio: 0.1);

        var settings = RunSettings.ForCustomDataset(Spec("x.csv"), summary, MixtureSpec.Gaussian, seed: 1);

        Assert.Equal([10, 2], settings.EncoderLayers);
        Assert.Equal(2, settings.Components);
        Assert.Equal(10_000, settings.Epochs);
    }

    [Fact]
    public void Preset_wide_large_table_follows_kddcup()
    {
        var summary = new DatasetSummary(DatasetId.Custom, Rows: 100_000, Features: 120, Anomalies: 20_000, AnomalyRatio: 0.2);

        var settings = RunSettings.ForCustomDataset(Spec("x.csv"), summary, MixtureSpec.Gaussian, seed: 1);

        Assert.Equal([60, 30, 10, 1], settings.EncoderLayers);
        Assert.Equal(4, settings.Components);
        Assert.Equal(1024, settings.BatchSize);
        Assert.Equal(500, settings.Epochs);
    }

    [Fact]
    public void Preset_tiny_table_clamps_batch()
    {
        var summary = new DatasetSummary(DatasetId.Custom, Rows: 12, Features: 3, Anomalies: 2, AnomalyRatio: 2.0 / 12);

        var settings = RunSettings.ForCustomDataset(Spec("x.csv"), summary, MixtureSpec.Gaussian, seed: 1);

        Assert.Equal(5, settings.BatchSize);
        Assert.Equal(RunSettings.CustomPresetMaximumEpochs, settings.Epochs);
    }

    [Fact]
    public void Run_constant_column_and_large_batch_finite()
    {
        var lines = new List<string> { "constant,x,y,class" };
        for (var row = 0; row < 40; row++)
        {
            var anomaly = row % 10 == 0;
            lines.Add($"7,{(anomaly ? 5 + row : row % 7)},{(row * 3) % 11},{(anomaly ? 1 : 0)}");
        }

        Write("constant.csv", string.Join('\n', lines) + "\n");
        var spec = Spec("constant.csv");
        var data = CustomDatasetLoader.Load(spec, _folder.Path);
        var settings = RunSettings.ForCustomDataset(spec, data.Describe(), MixtureSpec.Gaussian, seed: 1) with { Epochs = 3, BatchSize = 1024 };

        var result = DagmmRunner.Run(settings, PreparedData.Create(data, settings.Seed, settings.Scaling), progress: null, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.All(result.Scores!.Energy, energy => Assert.True(double.IsFinite(energy)));
    }

    [Fact]
    public void Validate_custom_without_spec_invalid()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1) with { Dataset = DatasetId.Custom };

        var problem = Assert.Single(settings.Validate());

        Assert.StartsWith("dataset: custom needs a customDataset", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_benchmark_with_spec_invalid()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1) with { CustomDataset = Spec("x.csv") };

        var problem = Assert.Single(settings.Validate());

        Assert.StartsWith("dataset: thyroid is a benchmark but a customDataset is set", problem, StringComparison.Ordinal);
    }

    private static CustomDatasetSpec Spec(string path) => new()
    {
        Name = "test", Path = path, Label = "class", AnomalyValues = ["1"],
    };

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_folder.Path, name), text);

    private sealed class ParquetRow
    {
        public double? Amount { get; set; }

        public string Country { get; set; } = "";

        public string Fraud { get; set; } = "";
    }
}
