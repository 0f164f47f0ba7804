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

        var row = Assert.Single(await store.RescoreAsync(Sweep, ThresholdProtocol.OracleCount));

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

        var row = Assert.Single(await store.RescoreAsync(Sweep, ThresholdProtocol.OracleCount));

        Assert.Equal(1, row.NFailed);
    }

    [Fact]
    public async Task Rescore_skips_run_without_scores()
    {
        using var folder = new TemporaryFolder();
        var logger = new ListLogger<ResultStore>();
        var store = await StoreWithRunsAsync(folder.Path, logger);

        await store.RescoreAsync(Sweep, ThresholdProtocol.OracleCount);

        var warning = Assert.Single(logger.Entries, entry => entry.Level == LogLevel.Warning);
        Assert.StartsWith("Rescoring skipped run rescore/thyroid/gaussian/seed-3/cfg-", warning.Message);
        Assert.EndsWith(": no stored scores", warning.Message);
    }

    [Fact]
    public async Task Rescore_writes_protocol_summary_file()
    {
        using var folder = new TemporaryFolder();
        var store = await StoreWithRunsAsync(folder.Path, new ListLogger<ResultStore>());

        var summary = await store.RescoreAsync(Sweep, ThresholdProtocol.OracleCount);

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

        await store.RescoreAsync(Sweep, ThresholdProtocol.OracleCount);

        Assert.Equal(before, await store.ReadRunsAsync(Sweep));
    }

    /// <summary>Writes seed 1 succeeded with scores, seed 2 failed, seed 3 succeeded without scores.</summary>
    private static async Task<ResultStore> StoreWithRunsAsync(string root, ListLogger<ResultStore> logger)
    {
        var store = new ResultStore(root, logger);
        var first = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, first, ResultSamples.Succeeded(first, 0.2)), ResultSamples.Scores());

        var second = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 2);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, second, ResultSamples.Failed(second)), null);

        var third = ResultSamples.Run(Sweep, DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 3);
        await store.WriteRunAsync(Sweep, ResultSamples.Record(Sweep, third, ResultSamples.Succeeded(third, 0.4)), null);
        return store;
    }
}
