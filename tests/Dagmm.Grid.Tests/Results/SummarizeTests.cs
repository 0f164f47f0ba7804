using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Tests.Results;

public sealed class SummarizeTests
{
    [Fact]
    public void Summarize_three_seeds_by_hand()
    {
        var runs = new[] { 0.5, 0.6, 0.7 }.Select((f1, index) => Succeeded(seed: index + 1, f1));

        var row = Assert.Single(ResultStore.Summarize(runs));

        Assert.Equal(3, row.N);
        Assert.Equal(0.6, row.F1Mean!.Value, precision: 12);
        Assert.Equal(0.1, row.F1Std!.Value, precision: 12);
        Assert.Equal(0.75, row.PrecisionMean);
        Assert.Equal(0.0, row.PrecisionStd);
    }

    [Fact]
    public void Summarize_names_the_group()
    {
        var runs = new[] { Succeeded(seed: 1, 0.5), Succeeded(seed: 2, 0.7) };

        var row = Assert.Single(ResultStore.Summarize(runs));

        Assert.Equal("thyroid", row.Dataset);
        Assert.Equal("student-t-nu4", row.Mixture);
        Assert.Equal("4", row.Nu);
        Assert.Equal(runs[0].Config, row.Config);
        Assert.Equal(3, row.Epochs);
        Assert.Equal("pooled-ratio", row.Threshold);
    }

    [Fact]
    public void Summarize_failed_runs_counted_not_averaged()
    {
        var runs = new[] { Succeeded(seed: 1, 0.5), Succeeded(seed: 2, 0.7), Failed(seed: 3) };

        var row = Assert.Single(ResultStore.Summarize(runs));

        Assert.Equal(2, row.N);
        Assert.Equal(1, row.NFailed);
        Assert.Equal(0.6, row.F1Mean!.Value, precision: 12);
    }

    [Fact]
    public void Summarize_cancelled_runs_counted()
    {
        var cancelled = Failed(seed: 2) with { Status = "cancelled" };

        var row = Assert.Single(ResultStore.Summarize([Succeeded(seed: 1, 0.5), cancelled]));

        Assert.Equal(1, row.NCancelled);
        Assert.Equal(0, row.NFailed);
    }

    [Fact]
    public void Summarize_single_run_has_no_std()
    {
        var row = Assert.Single(ResultStore.Summarize([Succeeded(seed: 1, 0.5)]));

        Assert.Equal(0.5, row.F1Mean);
        Assert.Null(row.F1Std);
    }

    [Fact]
    public void Summarize_only_failures_has_no_mean()
    {
        var row = Assert.Single(ResultStore.Summarize([Failed(seed: 1), Failed(seed: 2)]));

        Assert.Equal(0, row.N);
        Assert.Null(row.F1Mean);
        Assert.Null(row.AurocStd);
    }

    [Fact]
    public void Summarize_separates_configs_and_protocols()
    {
        var longer = Succeeded(seed: 1, 0.5) with { Config = "bbbbbb", Epochs = 9 };
        var otherProtocol = Succeeded(seed: 1, 0.5) with { Threshold = "oracle-count" };

        var rows = ResultStore.Summarize([Succeeded(seed: 1, 0.5), longer, otherProtocol]);

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Summarize_empty_input_is_empty()
    {
        Assert.Empty(ResultStore.Summarize([]));
    }

    private static RunRecord Succeeded(int seed, double f1)
    {
        var run = ResultSamples.Run("sum", DatasetId.Thyroid, MixtureSpec.StudentT(), seed);
        return ResultSamples.Record("sum", run, ResultSamples.Succeeded(run, f1));
    }

    private static RunRecord Failed(int seed)
    {
        var run = ResultSamples.Run("sum", DatasetId.Thyroid, MixtureSpec.StudentT(), seed);
        return ResultSamples.Record("sum", run, ResultSamples.Failed(run));
    }
}
