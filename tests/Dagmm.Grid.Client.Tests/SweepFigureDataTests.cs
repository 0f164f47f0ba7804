using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Client.Figures;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Client.Tests;

public sealed class SweepFigureDataTests : IDisposable
{
    private const int Precision = 12;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dagmm-figure-data-{Guid.NewGuid():N}");

    [Fact]
    public async Task Create_orders_series_by_mixture()
    {
        var data = await PaperSweepAsync();

        Assert.Equal(
            ["gaussian", "gaussian untrained", "laplace", "student-t-nu4", "student-t-learned"],
            data.Series.Select(series => series.Label));
    }

    [Fact]
    public async Task Create_marks_epochs_zero_untrained()
    {
        var data = await PaperSweepAsync();

        Assert.Equal(["gaussian untrained"], data.Series.Where(series => series.IsUntrained).Select(series => series.Label));
    }

    [Fact]
    public async Task Create_orders_datasets_as_paper()
    {
        var data = await PaperSweepAsync();

        Assert.Equal(["kddcup99", "kddcup99-rev", "thyroid", "arrhythmia"], data.Datasets);
    }

    [Fact]
    public async Task Create_counts_runs_by_status()
    {
        var data = await PaperSweepAsync();

        // 4 datasets x (4 mixtures + 1 baseline) x 3 seeds succeeded, and one laplace run failed.
        Assert.Equal(60, data.SucceededRuns);
        Assert.Equal(1, data.FailedRuns);
        Assert.Equal(0, data.CancelledRuns);
    }

    [Fact]
    public async Task Create_summarizes_laplace_on_kddcup99()
    {
        var data = await PaperSweepAsync();

        var laplace = data.SummariesOf("kddcup99").Single(entry => entry.Series.Label == "laplace").Summary;

        // F1 = 0.5 + 0.05 * 1 + 0.02 * seed over seeds 1..3 has mean 0.59 and sample std 0.02.
        Assert.Equal(3, laplace.N);
        Assert.Equal(1, laplace.NFailed);
        Assert.Equal(0.59, laplace.F1Mean!.Value, Precision);
        Assert.Equal(0.02, laplace.F1Std!.Value, Precision);
        Assert.Equal(0.62, laplace.PrecisionMean!.Value, Precision);
        Assert.Equal(0.56, laplace.RecallMean!.Value, Precision);
        Assert.Equal(0.84, laplace.AurocMean!.Value, Precision);
    }

    [Fact]
    public async Task Create_reads_learned_nu_per_component()
    {
        var data = await PaperSweepAsync();

        // kddcup99 and kddcup99-rev have 4 components, thyroid and arrhythmia 2, with 3 seeds each.
        Assert.Equal((4 + 4 + 2 + 2) * 3, data.LearnedNu.Count);
        var point = data.LearnedNu.Single(item => item.Dataset == "thyroid" && item.Component == 2 && item.Seed == 3);
        Assert.Equal(4 + 1.5 * 2 + 0.2 * 3, point.Nu, Precision);
        Assert.Equal("student-t-learned", point.Series.Label);
    }

    [Fact]
    public async Task Create_reads_starting_nu()
    {
        var data = await PaperSweepAsync();

        Assert.Equal(MixtureSpec.DefaultNu, data.LearnedNuStart);
    }

    [Fact]
    public async Task Create_states_single_threshold()
    {
        var data = await PaperSweepAsync();

        Assert.Equal("pooled-ratio", data.Threshold);
    }

    [Fact]
    public async Task Create_without_learned_runs_has_no_points()
    {
        var store = new ResultStore(_folder);
        await SweepSamples.WriteSweepAsync(store, "fixed", [DatasetId.Thyroid], [MixtureSpec.Gaussian], seeds: 2, withBaseline: false);

        var data = SweepFigureData.Create("fixed", await store.ReadRunsAsync("fixed"));

        Assert.Empty(data.LearnedNu);
        Assert.Null(data.LearnedNuStart);
    }

    [Fact]
    public async Task Create_skips_untrained_learned_nu()
    {
        var store = new ResultStore(_folder);
        await store.WriteRunAsync("baseline", SweepSamples.Succeeded("baseline", DatasetId.Thyroid, MixtureSpec.StudentTLearned, seed: 1, epochs: 0), scores: null);

        var data = SweepFigureData.Create("baseline", await store.ReadRunsAsync("baseline"));

        Assert.Empty(data.LearnedNu);
    }

    [Fact]
    public async Task Create_labels_epoch_counts_when_several()
    {
        var store = new ResultStore(_folder);
        foreach (var epochs in new[] { 3, 6 })
        {
            await store.WriteRunAsync("epochs", SweepSamples.Succeeded("epochs", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs), scores: null);
        }

        var data = SweepFigureData.Create("epochs", await store.ReadRunsAsync("epochs"));

        Assert.Equal(["gaussian 3 epochs", "gaussian 6 epochs"], data.Series.Select(series => series.Label));
    }

    [Fact]
    public async Task Create_labels_thresholds_when_several()
    {
        var store = new ResultStore(_folder);
        foreach (var protocol in new[] { ThresholdProtocol.PooledRatio, ThresholdProtocol.TestRatio })
        {
            await store.WriteRunAsync("protocols", WithThreshold("protocols", protocol), scores: null);
        }

        var data = SweepFigureData.Create("protocols", await store.ReadRunsAsync("protocols"));

        Assert.Equal(["gaussian pooled-ratio", "gaussian test-ratio"], data.Series.Select(series => series.Label));
        Assert.Null(data.Threshold);
    }

    [Fact]
    public async Task Create_rejects_malformed_learned_nu()
    {
        var store = new ResultStore(_folder);
        var record = SweepSamples.Succeeded("damaged", DatasetId.Thyroid, MixtureSpec.StudentTLearned, seed: 1, epochs: 3) with { LearnedNu = "4.5,abc" };
        await store.WriteRunAsync("damaged", record, scores: null);
        var runs = await store.ReadRunsAsync("damaged");

        var error = Assert.Throws<InvalidDataException>(() => SweepFigureData.Create("damaged", runs));

        Assert.Contains($"run {record.RunKey}: learned_nu \"4.5,abc\" is invalid", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task<SweepFigureData> PaperSweepAsync()
    {
        var store = new ResultStore(_folder);
        await SweepSamples.WriteSweepAsync(store, "paper-mini", DatasetIds.All, SweepSamples.PaperMixtures, seeds: 3, withBaseline: true);
        return SweepFigureData.Create("paper-mini", await store.ReadRunsAsync("paper-mini"));
    }

    /// <summary>Builds a succeeded Gaussian thyroid run evaluated under <paramref name="protocol"/>.</summary>
    private static RunRecord WithThreshold(string sweep, ThresholdProtocol protocol)
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1) with { Epochs = 3, Threshold = protocol };
        var run = new SweepRun(RunKeys.Create(sweep, settings), settings);
        var result = new RunResult
        {
            Settings = settings,
            Status = RunStatus.Succeeded,
            EpochsCompleted = 3,
            Metrics = new DetectionMetrics(protocol, 1.0, 0.5, 0.5, 0.5, 0.9, 0.8, 0.5, 5, 5, 80, 5),
        };
        return RunRecord.Create(sweep, run, result, "silo-a", 1, SweepSamples.StartedAt, SweepSamples.StartedAt.AddSeconds(1));
    }
}
