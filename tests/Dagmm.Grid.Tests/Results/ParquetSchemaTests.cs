using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;
using Parquet;
using Parquet.Meta;
using Parquet.Serialization;

namespace Dagmm.Grid.Tests.Results;

/// <summary>Reads the files the result store writes with Parquet.Net's own reader and checks the column types other readers see.</summary>
public sealed class ParquetSchemaTests
{
    private const string Text = "BYTE_ARRAY STRING REQUIRED";
    private const string OptionalText = "BYTE_ARRAY STRING OPTIONAL";
    private const string Integer = "INT32 INTEGER(32, signed=True) REQUIRED";
    private const string OptionalInteger = "INT32 INTEGER(32, signed=True) OPTIONAL";
    private const string Real = "DOUBLE REQUIRED";
    private const string OptionalReal = "DOUBLE OPTIONAL";
    private const string UtcTimestamp = "INT64 TIMESTAMP(MICROS, utc=True) REQUIRED";

    [Fact]
    public async Task RunFile_has_expected_columns()
    {
        using var folder = new TemporaryFolder();
        var path = await WriteRunFileAsync(folder.Path);

        var columns = await ReadColumnsAsync(path);

        string[] expected =
        [
            $"run_key {Text}", $"sweep {Text}", $"dataset {Text}", $"mixture {Text}", $"family {Text}", $"nu {Text}",
            $"seed {Integer}", $"epochs {Integer}", $"batch_size {Integer}",
            $"learning_rate {Real}", $"lambda_energy {Real}", $"lambda_covariance {Real}",
            $"threshold {Text}", $"anomaly_ratio {Real}", $"scaling {Text}", $"config {Text}", $"settings_json {Text}", $"status {Text}",
            $"error {OptionalText}", $"failed_epoch {OptionalInteger}", $"epochs_completed {Integer}",
            $"precision {OptionalReal}", $"recall {OptionalReal}", $"f1 {OptionalReal}",
            $"accuracy {OptionalReal}", $"auroc {OptionalReal}", $"auprc {OptionalReal}",
            $"threshold_value {OptionalReal}", $"final_loss {OptionalReal}", $"train_seconds {Real}", $"score_seconds {Real}",
            $"learned_nu {Text}", $"silo {Text}", $"attempt {Integer}",
            $"started_at {UtcTimestamp}", $"finished_at {UtcTimestamp}",
        ];
        Assert.Equal(expected, columns);
    }

    [Fact]
    public async Task RunFile_reads_back_equal()
    {
        using var folder = new TemporaryFolder();
        var run = ResultSamples.Run("schema", DatasetId.Thyroid, MixtureSpec.StudentTLearned, seed: 2);
        var record = ResultSamples.Record("schema", run, ResultSamples.Succeeded(run, 0.625));
        await new ResultStore(folder.Path).WriteRunAsync("schema", record, null);

        var rows = await DeserializeAsync<RunRecord>(RunPath(folder.Path, run.RunKey));

        Assert.Equal(record, Assert.Single(rows));
    }

    [Fact]
    public async Task RunFile_failed_run_reads_back_nulls()
    {
        using var folder = new TemporaryFolder();
        var run = ResultSamples.Run("schema", DatasetId.Arrhythmia, MixtureSpec.Laplace, seed: 5);
        var record = ResultSamples.Record("schema", run, ResultSamples.Failed(run), attempt: 3);
        await new ResultStore(folder.Path).WriteRunAsync("schema", record, null);

        var rows = await DeserializeAsync<RunRecord>(RunPath(folder.Path, run.RunKey));

        Assert.Equal(record, Assert.Single(rows));
    }

    [Fact]
    public async Task RunFile_read_time_is_utc()
    {
        using var folder = new TemporaryFolder();
        var path = await WriteRunFileAsync(folder.Path);

        var row = Assert.Single(await DeserializeAsync<RunRecord>(path));

        Assert.Equal(DateTimeKind.Utc, row.StartedAt.Kind);
    }

    [Fact]
    public async Task ScoreFile_has_expected_columns()
    {
        using var folder = new TemporaryFolder();
        var path = await WriteScoreFileAsync(folder.Path);

        var columns = await ReadColumnsAsync(path);

        Assert.Equal([$"sample_index {Integer}", $"label {Integer}", $"energy {Real}", $"split {Text}"], columns);
    }

    [Fact]
    public async Task ScoreFile_reads_back_rows()
    {
        using var folder = new TemporaryFolder();
        var path = await WriteScoreFileAsync(folder.Path);

        var rows = await DeserializeAsync<ScoreRecord>(path);

        Assert.Equal(
            [(10, 0, 1.5, "train"), (11, 0, 2.5, "train"), (12, 0, -0.5, "train"), (20, 0, 3.0, "test"), (21, 1, 9.75, "test"), (22, 1, 8.0, "test")],
            rows.Select(row => (row.SampleIndex, row.Label, row.Energy, row.Split)));
    }

    [Fact]
    public async Task SummaryFile_has_expected_columns()
    {
        using var folder = new TemporaryFolder();
        var path = await WriteSummaryFileAsync(folder.Path);

        var columns = await ReadColumnsAsync(path);

        string[] metrics = ["precision", "recall", "f1", "accuracy", "auroc", "auprc"];
        string[] expected =
        [
            $"dataset {Text}", $"mixture {Text}", $"nu {Text}", $"config {Text}", $"epochs {Integer}", $"threshold {Text}",
            $"n {Integer}", $"n_failed {Integer}", $"n_cancelled {Integer}",
            .. metrics.SelectMany(metric => new[] { $"{metric}_mean {OptionalReal}", $"{metric}_std {OptionalReal}" }),
        ];
        Assert.Equal(expected, columns);
    }

    [Fact]
    public async Task SummaryFile_reads_back_rows()
    {
        using var folder = new TemporaryFolder();
        var path = await WriteSummaryFileAsync(folder.Path);
        var store = new ResultStore(folder.Path);
        var expected = ResultStore.Summarize(await store.ReadRunsAsync("schema"));

        var rows = await DeserializeAsync<SummaryRecord>(path);

        Assert.Equal(expected, rows);
    }

    private static async Task<string> WriteRunFileAsync(string root)
    {
        var run = ResultSamples.Run("schema", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        await new ResultStore(root).WriteRunAsync("schema", ResultSamples.Record("schema", run, ResultSamples.Succeeded(run, 0.5)), null);
        return RunPath(root, run.RunKey);
    }

    private static async Task<string> WriteScoreFileAsync(string root)
    {
        var run = ResultSamples.Run("schema", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        var record = ResultSamples.Record("schema", run, ResultSamples.Succeeded(run, 0.5));
        await new ResultStore(root).WriteRunAsync("schema", record, ResultSamples.Scores());
        return Path.Combine(root, "schema", "scores", RunKeys.FileName(run.RunKey) + ".parquet");
    }

    private static async Task<string> WriteSummaryFileAsync(string root)
    {
        var store = new ResultStore(root);
        foreach (var seed in new[] { 1, 2 })
        {
            var run = ResultSamples.Run("schema", DatasetId.Thyroid, MixtureSpec.Gaussian, seed);
            await store.WriteRunAsync("schema", ResultSamples.Record("schema", run, ResultSamples.Succeeded(run, 0.25 * seed)), null);
        }

        var failed = ResultSamples.Run("schema", DatasetId.Thyroid, MixtureSpec.Laplace, seed: 1);
        await store.WriteRunAsync("schema", ResultSamples.Record("schema", failed, ResultSamples.Failed(failed)), null);
        await store.WriteSummaryAsync("schema");
        return Path.Combine(root, "schema", "summary.parquet");
    }

    private static string RunPath(string root, string runKey) => Path.Combine(root, "schema", "runs", RunKeys.FileName(runKey) + ".parquet");

    /// <summary>Describes each column as every Parquet reader sees it: name, physical type, logical type and repetition.</summary>
    private static async Task<IReadOnlyList<string>> ReadColumnsAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        return reader.Metadata!.Schema.Skip(1).Select(Describe).ToList();
    }

    private static string Describe(SchemaElement element)
    {
        var logical = element.LogicalType switch
        {
            { STRING: not null } => " STRING",
            { INTEGER: { } integer } => $" INTEGER({integer.BitWidth}, signed={integer.IsSigned})",
            { TIMESTAMP: { } timestamp } => $" TIMESTAMP({Unit(timestamp.Unit)}, utc={timestamp.IsAdjustedToUTC})",
            null => "",
            var other => " " + other,
        };
        return $"{element.Name} {element.Type}{logical} {element.RepetitionType}";
    }

    private static string Unit(TimeUnit unit) => unit switch
    {
        { MILLIS: not null } => "MILLIS",
        { MICROS: not null } => "MICROS",
        { NANOS: not null } => "NANOS",
        _ => "unknown",
    };

    private static async Task<IList<T>> DeserializeAsync<T>(string path)
        where T : class, new()
    {
        await using var stream = File.OpenRead(path);
        var result = await ParquetSerializer.DeserializeAsync<T>(stream);
        return result.Data;
    }
}
