using System.Globalization;
using ScottPlot;

namespace Dagmm.Grid.Client.Figures;

/// <summary>A strip chart of the final nu per mixture component of learned-nu runs, one point per seed.</summary>
internal static class LearnedNuChart
{
    /// <summary>Share of a component's slot that its seeds spread over, so neighboring components never touch.</summary>
    private const double SeedSpread = 0.6;

    /// <summary>Builds the chart. <paramref name="data"/> must contain at least one learned-nu point.</summary>
    public static Plot Create(SweepFigureData data)
    {
        if (data.LearnedNu.Count == 0)
        {
            throw new ArgumentException("The sweep has no learned-nu run to plot.", nameof(data));
        }

        var plot = new Plot();
        var categories = data.LearnedNu.Select(point => (point.Dataset, point.Series)).Distinct().ToList();
        var components = data.LearnedNu.Max(point => point.Component);

        // Slots have the same width everywhere, but each category centers only the components it has.
        var componentCounts = categories
            .Select(category => data.LearnedNu.Where(point => (point.Dataset, point.Series) == category).Max(point => point.Component))
            .ToList();
        var slot = FigureStyle.GroupWidth / components;
        for (var component = 1; component <= components; component++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var category = 0; category < categories.Count; category++)
            {
                var points = data.LearnedNu
                    .Where(point => point.Component == component && (point.Dataset, point.Series) == categories[category])
                    .ToList();
                var center = FigureStyle.BarPosition(category, component - 1, componentCounts[category], slot);
                for (var index = 0; index < points.Count; index++)
                {
                    // Seeds spread evenly across the slot, in seed order, so equal values stay visible side by side.
                    var offset = points.Count == 1 ? 0 : (index / (points.Count - 1.0) - 0.5) * slot * SeedSpread;
                    xs.Add(center + offset);
                    ys.Add(points[index].Nu);
                }
            }

            var markers = plot.Add.Markers(xs.ToArray(), ys.ToArray(), FigureStyle.ComponentMarker(component), 9, FigureStyle.ComponentColor(component));
            markers.LegendText = string.Create(CultureInfo.InvariantCulture, $"component {component}");
        }

        var top = data.LearnedNu.Max(point => point.Nu);
        if (data.LearnedNuStart is double start)
        {
            var line = plot.Add.HorizontalLine(start, 1.5f, Colors.Gray, LinePattern.Dashed);
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"starting nu = {start:0.###}");
            top = Math.Max(top, start);
        }

        var severalSeries = categories.Select(category => category.Series).Distinct().Count() > 1;
        var runs = data.LearnedNu.Select(point => (point.Dataset, point.Series, point.Seed)).Distinct().Count();
        FigureStyle.ApplyCommonLayout(
            plot,
            $"{data.Sweep}: final learned nu per component",
            string.Create(CultureInfo.InvariantCulture, $"{(severalSeries ? "dataset and run variant" : "dataset")}\none point per component per seed; {runs} succeeded learned-nu runs"),
            "final nu (degrees of freedom)");

        var tickLabels = categories.Select(category => severalSeries ? $"{category.Dataset} {Variant(category.Series)}" : category.Dataset).ToArray();
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, categories.Count).Select(index => (double)index)], tickLabels);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.IsVisible = false;
        // NOTE: the y axis is linear, and a learned nu has no upper bound, so one very large nu squeezes the other points toward the bottom.
        plot.Axes.SetLimits(-0.5, categories.Count - 0.5, 0, top * 1.15);
        FigureStyle.AvoidOverlappingTickLabels(plot, tickLabels);
        return plot;
    }

    /// <summary>Returns what sets the series apart from the others of its mixture, such as "6 epochs test-ratio".</summary>
    private static string Variant(FigureSeries series) =>
        series.Label.StartsWith(series.Mixture, StringComparison.Ordinal) ? series.Label[series.Mixture.Length..].Trim() : series.Label;
}
