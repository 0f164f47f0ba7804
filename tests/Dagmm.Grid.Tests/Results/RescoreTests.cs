using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Results;
using Dagmm.Grid.Tests.Support;
using Microsoft.Extensions.Logging;
using Parquet.Serialization;

namespace Dagmm.Grid.Tests.Results;

public sealed class RescoreTests
{
    private const string Sweep = "rescore";

    [Fact]
    public async Task Rescore_oracle_count_by_hand()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>());

        var row = Assert.Single(await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount)));

        // The two anomalies (9.75, 8.0) have the two highest test energies, above the normal 3.0.
        Assert.Equal("oracle-count", row.Threshold);
        Assert.Equal(1, row.N);
        Assert.Equal(1.0, row.PrecisionMean);
        Assert.Equal(1.0, row.RecallMean);
        Assert.Equal(1.0, row.F1Mean);
        Assert.Equal(1.0, row.AccuracyMean);
        Assert.Equal(1.0, row.AurocMean);
        Assert.Equal(1.0, row.AuprcMean);
    }

    [Fact]
    public async Task Rescore_counts_failed_runs()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>());

        var row = Assert.Single(await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount)));

        Assert.Equal(1, row.NFailed);
    }

    [Fact]
    public async Task Rescore_skips_run_without_scores()
    {
        using var folder = new TemporaryFolder();
        var logger = new ListLogger<ResultStore>();
        var store = await StoreWithRunsAsync(folder.Path, logger);

        await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount));

        var warning = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.StartsWith("Rescoring skipped run rescore/thyroid/gaussian/seed-3/cfg-", warning.Message);
        Assert.Contains(": no stored scores, because scores/thyroid.gaussian.seed-3.cfg-", warning.Message);
        Assert.EndsWith(".parquet is missing", warning.Message);
    }

    [Fact]
    public async Task Rescore_writes_protocol_summary_file()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>(), complete: true);

        var summary = await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount));

        await using var stream = File.OpenRead(Path.Combine(store.SweepFolder(Sweep), "summary-oracle-count.parquet"));
        var rows = (await ParquetSerializer.DeserializeAsync<SummaryRecord>(stream)).Data;
        Assert.Equal(summary, rows);
    }

    [Fact]
    public async Task Rescore_keeps_run_files()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>());
        var before = await store.ReadRunsAsync(Sweep);

        await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount));

        Assert.Equal(before, await store.ReadRunsAsync(Sweep));
    }

    [Fact]
    public async Task Rescore_anomaly_ratio_override_by_hand()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>(), complete: true);

        var rescored = await store.RescoreRunsAsync(Sweep, new RescoreRequest(ThresholdProtocol.PooledRatio, 0.5));
        var row = Assert.Single(await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.PooledRatio, 0.5)));

        // Pooled energies -0.5, 1.5, 2.5, 3.0, 8.0, 9.75: the median interpolates to 2.75, so all three
        // test samples are flagged, the normal 3.0 among them. The thyroid run's own rho, 0.025, would
        // put the threshold at 9.53125 and flag 9.75 alone.
        Assert.All(rescored.Runs, run => Assert.Equal(0.5, run.AnomalyRatio));
        var seedOne = rescored.Runs.Single(run => run.Seed == 1);
        Assert.Equal(2.75, seedOne.ThresholdValue!.Value, 12);
        Assert.Equal(2.0 / 3.0, row.PrecisionMean!.Value, 12);
        Assert.Equal(1.0, row.RecallMean);
        Assert.Equal(0.8, row.F1Mean!.Value, 12);
        Assert.True(File.Exists(Path.Combine(store.SweepFolder(Sweep), "summary-pooled-ratio-rho0.5.parquet")), "summary-pooled-ratio-rho0.5.parquet missing");
    }

    [Fact]
    public async Task Rescore_rejects_ratio_outside_unit_interval()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>());

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RescoreRunsAsync(Sweep, new RescoreRequest(ThresholdProtocol.PooledRatio, 1.5)));

        Assert.Contains("strictly between 0 and 1, found 1.5", error.Message);
    }

    [Fact]
    public async Task Partial_rescore_keeps_earlier_summary()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>(), complete: true);
        await store.RescoreAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount));
        var path = Path.Combine(store.SweepFolder(Sweep), "summary-oracle-count.parquet");
        var complete = await File.ReadAllBytesAsync(path);
        var third = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 3);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, third, ResultSamples.Succeeded(third, 0.4)), null);

        var partial = await store.RescoreAndSaveAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount));

        Assert.Equal(complete, await File.ReadAllBytesAsync(path));
        Assert.Equal(
            "summary-oracle-count.parquet was not written because 1 succeeded run could not be rescored; any earlier summary-oracle-count.parquet is unchanged",
            partial.SummaryNotWritten);
        Assert.Null(partial.SummaryWriteError);
    }

    [Fact]
    public async Task Unwritable_summary_reported_not_thrown()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>(), complete: true);
        // A folder in the file's place makes the final rename fail, even for root.
        Directory.CreateDirectory(Path.Combine(store.SweepFolder(Sweep), "summary-test-ratio.parquet"));

        var rescored = await store.RescoreAndSaveAsync(Sweep, new RescoreRequest(ThresholdProtocol.TestRatio));

        Assert.StartsWith($"cannot write {Path.Combine(store.SweepFolder(Sweep), "summary-test-ratio.parquet")} (", rescored.SummaryWriteError);
        Assert.Equal(2, rescored.Runs.Count);
    }

    [Fact]
    public async Task Damaged_scores_named_unreadable()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>(), complete: true);
        var scoresFile = Assert.Single(Directory.GetFiles(Path.Combine(store.SweepFolder(Sweep), ResultStore.ScoresFolderName)));
        var bytes = await File.ReadAllBytesAsync(scoresFile);
        await File.WriteAllBytesAsync(scoresFile, bytes[..(bytes.Length / 2)]);

        var rescored = await store.RescoreRunsAsync(Sweep, new RescoreRequest(ThresholdProtocol.OracleCount));

        var skipped = Assert.Single(rescored.Skipped);
        Assert.Contains($": scores/{Path.GetFileName(scoresFile)} is unreadable (", skipped);
    }

    [Fact]
    public void Oracle_count_rejects_anomaly_ratio()
    {
        var error = Assert.Throws<ArgumentException>(() => new RescoreRequest(ThresholdProtocol.OracleCount, 0.2).Validate());

        Assert.StartsWith("oracle-count flags as many test samples as there are anomalies", error.Message);
    }

    [Fact]
    public void Request_name_keeps_every_digit()
    {
        Assert.Equal("pooled-ratio-rho0.2", new RescoreRequest(ThresholdProtocol.PooledRatio, 0.2).Name);
        Assert.Equal("pooled-ratio-rho0.2000001", new RescoreRequest(ThresholdProtocol.PooledRatio, 0.2000001).Name);
        Assert.Equal("test-ratio", new RescoreRequest(ThresholdProtocol.TestRatio).Name);
    }

    /// <summary>Writes seed 1 succeeded with scores, seed 2 failed, and unless <paramref name="complete"/> seed 3 succeeded without scores.</summary>
    private static async Task<ResultStore> StoreWithRunsAsync(string root, ListLogger<ResultStore> logger, bool complete = false)
    {
        var store = new ResultStore(root, logger);
        var first = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, first, ResultSamples.Succeeded(first, 0.2)), ResultSamples.Scores());

        var second = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 2);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, second, ResultSamples.Failed(second)), null);

        if (complete)
        {
            return store;
        }

        var third = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 3);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, third, ResultSamples.Succeeded(third, 0.4)), null);
        return store;
    }
}
