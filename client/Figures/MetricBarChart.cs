using System.Globalization;
using Dagmm.Grid.Results;
using ScottPlot;

namespace Dagmm.Grid.Client.Figures;

/// <summary>Grouped bar charts of metric means with sample-standard-deviation error bars.</summary>
internal static class MetricBarChart
{
    private const string ErrorBarCaption =
        "bars: mean over succeeded runs, n per series in the legend\nerror bars: sample standard deviation (n - 1), none where n = 1";

    private static readonly MetricColumn[] s_thresholdMetrics =
    [
        new("precision", summary => summary.PrecisionMean, summary => summary.PrecisionStd),
        new("recall", summary => summary.RecallMean, summary => summary.RecallStd),
        new("F1", summary => summary.F1Mean, summary => summary.F1Std),
    ];

    private static readonly MetricColumn s_auroc = new("AUROC", summary => summary.AurocMean, summary => summary.AurocStd);

    /// <summary>Builds the chart of precision, recall and F1 on <paramref name="dataset"/>: one bar group per metric, one bar per series.</summary>
    public static Plot PrecisionRecallF1(SweepFigureData data, string dataset)
    {
        var plot = new Plot();
        var colors = FigureStyle.SeriesColors(data.Series);
        var entries = data.SummariesOf(dataset);
        var barWidth = Math.Min(FigureStyle.GroupWidth / entries.Count, FigureStyle.MaximumBarWidth);
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            var bars = new List<Bar>();
            for (var metric = 0; metric < s_thresholdMetrics.Length; metric++)
            {
                var position = FigureStyle.BarPosition(metric, index, entries.Count, barWidth);
                var bar = MetricBar(s_thresholdMetrics[metric], entry, position, barWidth, colors[entry.Series]);
                if (bar is not null)
                {
                    bars.Add(bar);
                }
            }

            plot.Add.Bars(bars);
            var counts = CountText(entry.Summary.N.ToString(CultureInfo.InvariantCulture), entry.Summary.NFailed, entry.Summary.NCancelled);
            FigureStyle.AddLegendBox(plot, entry.Series, colors[entry.Series], $"{entry.Series.Label} ({counts})");
        }

        var threshold = data.Threshold is null ? "threshold per series" : $"{data.Threshold} threshold";
        FigureStyle.ApplyCommonLayout(
            plot,
            $"{data.Sweep}: {dataset}, precision / recall / F1 ({threshold})",
            "metric\n" + ErrorBarCaption,
            "score");
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, s_thresholdMetrics.Length).Select(index => (double)index)], [.. s_thresholdMetrics.Select(metric => metric.Name)]);
        SetUnitScoreAxis(plot, s_thresholdMetrics.Length);
        return plot;
    }

    /// <summary>Builds the AUROC chart: one bar group per dataset, one bar per series present on that dataset.</summary>
    public static Plot Auroc(SweepFigureData data)
    {
        var plot = new Plot();
        var colors = FigureStyle.SeriesColors(data.Series);
        var widestGroup = data.Datasets.Max(dataset => data.SummariesOf(dataset).Count);
        var barWidth = Math.Min(FigureStyle.GroupWidth / widestGroup, FigureStyle.MaximumBarWidth);
        var barsBySeries = data.Series.ToDictionary(series => series, _ => new List<Bar>());
        for (var group = 0; group < data.Datasets.Count; group++)
        {
            var entries = data.SummariesOf(data.Datasets[group]);
            for (var index = 0; index < entries.Count; index++)
            {
                var position = FigureStyle.BarPosition(group, index, entries.Count, barWidth);
                var bar = MetricBar(s_auroc, entries[index], position, barWidth, colors[entries[index].Series]);
                if (bar is not null)
                {
                    barsBySeries[entries[index].Series].Add(bar);
                }
            }
        }

        foreach (var series in data.Series)
        {
            plot.Add.Bars(barsBySeries[series]);
            var summaries = data.Summaries.Where(entry => entry.Series == series).Select(entry => entry.Summary).ToList();
            var minimum = summaries.Min(summary => summary.N);
            var maximum = summaries.Max(summary => summary.N);
            var n = minimum == maximum ? $"{minimum}" : $"{minimum}-{maximum}";
            var counts = CountText(n, summaries.Sum(summary => summary.NFailed), summaries.Sum(summary => summary.NCancelled));
            FigureStyle.AddLegendBox(plot, series, colors[series], $"{series.Label} ({counts})");
        }

        FigureStyle.ApplyCommonLayout(plot, $"{data.Sweep}: AUROC per dataset", "dataset\n" + ErrorBarCaption, "AUROC");
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, data.Datasets.Count).Select(index => (double)index)], [.. data.Datasets]);
        SetUnitScoreAxis(plot, data.Datasets.Count);
        return plot;
    }

    /// <summary>Returns the bar of one metric of one group, or null when no succeeded run of the group carries the metric.</summary>
    private static Bar? MetricBar(MetricColumn metric, SeriesSummary entry, double position, double barWidth, Color color)
    {
        var mean = metric.Mean(entry.Summary);
        if (mean is null)
        {
            return null;
        }

        // A single succeeded run has no sample standard deviation, so its bar has no whiskers.
        var standardDeviation = metric.StandardDeviation(entry.Summary);
        var bar = new Bar
        {
            Position = position,
            Value = mean.Value,
            Size = barWidth * 0.9,
            Error = standardDeviation ?? 0,
            ErrorSize = barWidth * 0.4,
            ErrorPositive = standardDeviation is not null,
            ErrorNegative = standardDeviation is not null,
        };
        FigureStyle.ApplyFill(bar, entry.Series, color);
        return bar;
    }

    private static string CountText(string n, int failed, int cancelled)
    {
        var text = $"n={n}";
        if (failed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {failed} failed");
        }

        if (cancelled > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {cancelled} cancelled");
        }

        return text;
    }

    /// <summary>Fixes y to [0, 1] with a tick and grid line every 0.1, and x to the groups with half a slot of margin.</summary>
    private static void SetUnitScoreAxis(Plot plot, int groups)
    {
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(0.1)
        {
            LabelFormatter = value => value.ToString("0.0", CultureInfo.InvariantCulture),
        };
        plot.Axes.SetLimits(-0.5, groups - 0.5, 0, 1);
        plot.Axes.Left.MinorTickStyle.Length = 0;

        // Horizontal lines beneath the bars help read a bar's value. Vertical ones would cut through the groups.
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Grid.IsBeneathPlottables = true;
    }

    private sealed record MetricColumn(string Name, Func<SummaryRecord, double?> Mean, Func<SummaryRecord, double?> StandardDeviation);
}
