using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Tests.Results;

public sealed class ResultStoreTests
{
    private const string Sweep = "store";

    [Fact]
    public async Task WriteRun_leaves_no_temporary_file()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);

        await store.WriteRunAsync(Sweep, Record(run), ResultSamples.Scores());

        var files = Directory.GetFiles(store.SweepFolder(Sweep), "*", SearchOption.AllDirectories).Select(Path.GetFileName);
        string[] expected = [RunKeys.FileName(run.RunKey) + ".parquet", RunKeys.FileName(run.RunKey) + ".parquet"];
        Assert.Equal(expected, files);
    }

    [Fact]
    public async Task Longest_scores_file_name_round_trips()
    {
        using var folder = new TemporaryFolder();
        // 255 bytes, the longest name Linux allows: 243 ASCII letters, two 2-byte letters and ".parquet".
        var name = new string('s', 243) + "\u00e9\u00e9" + ".parquet";
        Assert.Equal(255, System.Text.Encoding.UTF8.GetByteCount(name));
        var path = Path.Combine(folder.Path, name);

        await ResultStore.WriteScoresFileAsync(path, ScoreRecord.FromScores(ResultSamples.Scores()));

        await using var stream = File.OpenRead(path);
        var rows = (await Parquet.Serialization.ParquetSerializer.DeserializeAsync<ScoreRecord>(stream)).Data;
        Assert.Equal([1.5, 2.5, -0.5, 3.0, 9.75, 8.0], rows.Select(row => row.Energy));
        Assert.Equal([name], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("scores.parquet")]
    [InlineData("\ud83d\ude00\ud83d\ude00\ud83d\ude00")]
    public void Temporary_name_fits_name_limit(string prefix)
    {
        var name = string.Concat(Enumerable.Repeat(prefix, 100));

        var temporary = AtomicFile.TemporaryName(name);

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(temporary) <= 255);
        Assert.True(AtomicFile.IsTemporary(temporary));
        Assert.False(char.IsHighSurrogate(temporary[temporary.IndexOf(".tmp", StringComparison.Ordinal) - 33]));
    }

    [Fact]
    public async Task AtomicWrite_failure_keeps_old_file()
    {
        using var folder = new TemporaryFolder();
        var path = Path.Combine(folder.Path, "target.txt");
        await File.WriteAllTextAsync(path, "old");

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            await stream.WriteAsync("partial"u8.ToArray(), token);
            throw new InvalidOperationException("writer failed");
        }, CancellationToken.None));

        Assert.Equal("old", await File.ReadAllTextAsync(path));
        Assert.Equal(["target.txt"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ReadRuns_returns_every_run()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var records = new List<RunRecord>();
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var run = ResultSamples.Run(Sweep, DatasetId.Arrhythmia, MixtureSpec.Laplace, seed);
            records.Add(Record(run));
            await store.WriteRunAsync(Sweep, records[^1], null);
        }

        var read = await store.ReadRunsAsync(Sweep);

        Assert.Equal(records.OrderBy(record => RunKeys.FileName(record.RunKey), StringComparer.Ordinal), read);
    }

    [Fact]
    public async Task ReadRuns_skips_unreadable_and_temporary_files()
    {
        using var folder = new TemporaryFolder();
        var logger = new ListLogger<ResultStore>();
        var store = new ResultStore(folder.Path, logger);
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        await store.WriteRunAsync(Sweep, Record(run), null);
        var runsFolder = Path.Combine(store.SweepFolder(Sweep), "runs");
        await File.WriteAllTextAsync(Path.Combine(runsFolder, "broken.parquet"), "not parquet");
        await File.WriteAllTextAsync(Path.Combine(runsFolder, ".thyroid.gaussian.seed-2.cfg-000000.parquet.0123.tmp"), "half");

        var read = await store.ReadRunsAsync(Sweep);

        Assert.Equal([run.RunKey], read.Select(record => record.RunKey));
        var warning = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.Equal($"Skipped unreadable result file {Path.Combine(runsFolder, "broken.parquet")}", warning.Message);
    }

    [Fact]
    public async Task ReadRuns_missing_sweep_is_empty()
    {
        using var folder = new TemporaryFolder();

        Assert.Empty(await new ResultStore(folder.Path).ReadRunsAsync("absent"));
    }

    [Fact]
    public async Task ReadRun_finds_one_run()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.StudentTLearned, seed: 4);
        var record = Record(run);
        await store.WriteRunAsync(Sweep, record, null);

        Assert.Equal(record, await store.ReadRunAsync(Sweep, run.RunKey));
    }

    [Fact]
    public async Task ReadRun_unfinished_is_null()
    {
        using var folder = new TemporaryFolder();
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);

        Assert.Null(await new ResultStore(folder.Path).ReadRunAsync(Sweep, run.RunKey));
    }

    [Fact]
    public async Task ReadScores_returns_rows_in_order()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        await store.WriteRunAsync(Sweep, Record(run), ResultSamples.Scores());

        var scores = await store.ReadScoresAsync(Sweep, run.RunKey);

        Assert.Equal(ScoreRecord.FromScores(ResultSamples.Scores()), scores);
    }

    [Fact]
    public async Task ReadScores_missing_is_empty()
    {
        using var folder = new TemporaryFolder();
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);

        Assert.Empty(await new ResultStore(folder.Path).ReadScoresAsync(Sweep, run.RunKey));
    }

    [Fact]
    public async Task WriteRun_without_scores_removes_stale_scores()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        await store.WriteRunAsync(Sweep, Record(run), ResultSamples.Scores());

        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, run, ResultSamples.Failed(run), attempt: 2), null);

        Assert.Empty(await store.ReadScoresAsync(Sweep, run.RunKey));
        Assert.Equal(2, (await store.ReadRunAsync(Sweep, run.RunKey))!.Attempt);
    }

    [Fact]
    public async Task WriteRun_rejects_key_of_other_sweep()
    {
        using var folder = new TemporaryFolder();
        var run = ResultSamples.Run("other", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);

        await Assert.ThrowsAsync<ArgumentException>(() => new ResultStore(folder.Path).WriteRunAsync(Sweep, ResultSamples.Record("other", run, ResultSamples.Failed(run)), null));
    }

    [Fact]
    public async Task WriteRun_concurrent_runs_all_recorded()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var runs = Enumerable.Range(1, 24).Select(seed => ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed)).ToList();

        await Task.WhenAll(runs.Select(run => Task.Run(() => store.WriteRunAsync(Sweep, Record(run), ResultSamples.Scores()))));

        var read = await store.ReadRunsAsync(Sweep);
        Assert.Equal(runs.Select(run => run.RunKey).Order(StringComparer.Ordinal), read.Select(record => record.RunKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WriteSweep_writes_source_text()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var sweep = SweepOf("""{"name": "store", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");

        await store.WriteSweepAsync(sweep);

        Assert.Equal(sweep.SourceJson, await File.ReadAllTextAsync(Path.Combine(store.SweepFolder(Sweep), "sweep.json")));
    }

    [Fact]
    public async Task WriteSweep_same_text_keeps_no_archive()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var sweep = SweepOf("""{"name": "store", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");

        await store.WriteSweepAsync(sweep);
        await store.WriteSweepAsync(sweep);

        Assert.Equal(["sweep.json"], Directory.GetFiles(store.SweepFolder(Sweep)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteSweep_changed_text_archives_previous()
    {
        using var folder = new TemporaryFolder();
        var clock = new FixedTimeProvider(new DateTimeOffset(2025, 6, 1, 8, 30, 15, TimeSpan.Zero));
        var store = new ResultStore(folder.Path, timeProvider: clock);
        var first = SweepOf("""{"name": "store", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");
        var second = SweepOf("""{"name": "store", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2}""");
        await store.WriteSweepAsync(first);

        await store.WriteSweepAsync(second);

        var sweepFolder = store.SweepFolder(Sweep);
        Assert.Equal(first.SourceJson, await File.ReadAllTextAsync(Path.Combine(sweepFolder, "sweep.20250601T083015Z.json")));
        Assert.Equal(second.SourceJson, await File.ReadAllTextAsync(Path.Combine(sweepFolder, "sweep.json")));
    }

    [Fact]
    public async Task WriteSweep_keeps_finished_runs()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var first = SweepOf("""{"name": "store", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 1}""");
        await store.WriteSweepAsync(first);
        await store.WriteRunAsync(Sweep, Record(first.Runs[0]), null);

        await store.WriteSweepAsync(SweepOf("""{"name": "store", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2}"""));

        Assert.Single(await store.ReadRunsAsync(Sweep));
    }

    [Fact]
    public async Task WriteSummary_matches_recomputation()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);
        var records = new List<RunRecord>();
        foreach (var (seed, f1) in new[] { (1, 0.5), (2, 0.6), (3, 0.7) })
        {
            var run = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed);
            records.Add(ResultSamples.Record(Sweep, run, ResultSamples.Succeeded(run, f1)));
            await store.WriteRunAsync(Sweep, records[^1], null);
        }

        var summary = await store.WriteSummaryAsync(Sweep);

        Assert.Equal(ResultStore.Summarize(records), summary);
        Assert.True(File.Exists(Path.Combine(store.SweepFolder(Sweep), "summary.parquet")));
    }

    [Fact]
    public async Task WriteSummary_empty_sweep_writes_empty_file()
    {
        using var folder = new TemporaryFolder();
        var store = new ResultStore(folder.Path);

        var summary = await store.WriteSummaryAsync(Sweep);

        Assert.Empty(summary);
        Assert.True(File.Exists(Path.Combine(store.SweepFolder(Sweep), "summary.parquet")));
    }

    [Fact]
    public void SweepFolder_rejects_parent_folder_name()
    {
        using var folder = new TemporaryFolder();

        Assert.Throws<ArgumentException>(() => new ResultStore(folder.Path).SweepFolder(".."));
    }

    private static RunRecord Record(SweepRun run) => ResultSamples.Record(Sweep, run, ResultSamples.Succeeded(run, 0.5));

    private static SweepDefinition SweepOf(string json) => SweepFile.Parse(json, "sweep.json");

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
