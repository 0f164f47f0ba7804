using Dagmm.Core.Training;

namespace Dagmm.Grid.Results;

/// <summary>Groups run records by (dataset, mixture, config, threshold) and aggregates their metrics over seeds.</summary>
internal static class RunSummarizer
{
    private static readonly string _succeeded = RunRecord.StatusName(RunStatus.Succeeded);

    private static readonly string _failed = RunRecord.StatusName(RunStatus.Failed);

    private static readonly string _cancelled = RunRecord.StatusName(RunStatus.Cancelled);

    public static IReadOnlyList<SummaryRecord> Summarize(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return runs
            .GroupBy(run => (run.Dataset, run.Mixture, run.Config, run.Threshold))
            .OrderBy(group => group.Key.Dataset, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Mixture, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Config, StringComparer.Ordinal)
            .ThenBy(group => group.Key.Threshold, StringComparer.Ordinal)
            .Select(SummarizeGroup)
            .ToList();
    }

    private static SummaryRecord SummarizeGroup(IGrouping<(string Dataset, string Mixture, string Config, string Threshold), RunRecord> group)
    {
        var succeeded = group.Where(run => run.Status == _succeeded).ToList();
        var first = group.First();
        return new SummaryRecord
        {
            Dataset = group.Key.Dataset,
            Mixture = group.Key.Mixture,
            Nu = first.Nu,
            Config = group.Key.Config,
            Epochs = first.Epochs,
            Threshold = group.Key.Threshold,
            N = succeeded.Count,
            NFailed = group.Count(run => run.Status == _failed),
            NCancelled = group.Count(run => run.Status == _cancelled),
            PrecisionMean = Mean(succeeded, run => run.Precision),
            PrecisionStd = SampleStandardDeviation(succeeded, run => run.Precision),
            RecallMean = Mean(succeeded, run => run.Recall),
            RecallStd = SampleStandardDeviation(succeeded, run => run.Recall),
            F1Mean = Mean(succeeded, run => run.F1),
            F1Std = SampleStandardDeviation(succeeded, run => run.F1),
            AccuracyMean = Mean(succeeded, run => run.Accuracy),
            AccuracyStd = SampleStandardDeviation(succeeded, run => run.Accuracy),
            AurocMean = Mean(succeeded, run => run.Auroc),
            AurocStd = SampleStandardDeviation(succeeded, run => run.Auroc),
            AuprcMean = Mean(succeeded, run => run.Auprc),
            AuprcStd = SampleStandardDeviation(succeeded, run => run.Auprc),
        };
    }

    // mean = sum_i x_i / n over the runs that carry the metric
    private static double? Mean(IReadOnlyList<RunRecord> runs, Func<RunRecord, double?> metric)
    {
        var values = Values(runs, metric);
        return values.Count == 0 ? null : values.Sum() / values.Count;
    }

    // s = sqrt(sum_i (x_i - mean)^2 / (n - 1)), the sample standard deviation
    private static double? SampleStandardDeviation(IReadOnlyList<RunRecord> runs, Func<RunRecord, double?> metric)
    {
        var values = Values(runs, metric);
        if (values.Count < 2)
        {
            return null;
        }

        var mean = values.Sum() / values.Count;
        var squares = values.Sum(value => (value - mean) * (value - mean));
        return Math.Sqrt(squares / (values.Count - 1));
    }

    private static List<double> Values(IReadOnlyList<RunRecord> runs, Func<RunRecord, double?> metric) =>
        runs.Select(metric).Where(value => value.HasValue).Select(value => value!.Value).ToList();
}
