using ScottPlot;

namespace Dagmm.Grid.Client.Figures;

/// <summary>Colors, fonts and shared layout of the sweep figures.</summary>
internal static class FigureStyle
{
    /// <summary>Share of the unit slot of one x category that its bars or points fill.</summary>
    public const double GroupWidth = 0.8;

    /// <summary>Widest bar, in x units, so a group of one or two series still looks like bars rather than blocks.</summary>
    public const double MaximumBarWidth = 0.2;

    private const double UntrainedLightening = 0.7;

    private const float UntrainedBorderWidth = 2;

    private const float LegendFontSize = 13;

    private static readonly ScottPlot.Palettes.Category10 s_componentPalette = new();

    private static readonly string s_fontName = SansFontName();

    /// <summary>
    /// Returns one color per series. An untrained series shares the color of the trained series whose
    /// label is its own without "untrained", so a baseline sits beside its model in the same color and
    /// only its fill and border differ. Every other series takes the next palette color, from Category10 up
    /// to 10 colors and from Category20 beyond.
    /// </summary>
    public static IReadOnlyDictionary<FigureSeries, Color> SeriesColors(IReadOnlyList<FigureSeries> series)
    {
        var trainedByLabel = series.Where(item => !item.IsUntrained).ToDictionary(item => item.Label, StringComparer.Ordinal);
        var owners = series
            .Where(item => !item.IsUntrained || !trainedByLabel.ContainsKey(TrainedLabel(item)))
            .ToList();
        IPalette palette = owners.Count <= 10 ? new ScottPlot.Palettes.Category10() : new ScottPlot.Palettes.Category20();

        var colors = new Dictionary<FigureSeries, Color>();
        for (var index = 0; index < owners.Count; index++)
        {
            colors[owners[index]] = palette.GetColor(index);
        }

        foreach (var untrained in series.Where(item => !colors.ContainsKey(item)))
        {
            colors[untrained] = colors[trainedByLabel[TrainedLabel(untrained)]];
        }

        return colors;
    }

    /// <summary>Returns the color of the 1-based component of a mixture.</summary>
    public static Color ComponentColor(int component) => s_componentPalette.GetColor(component - 1);

    /// <summary>Gives each component its own marker as well as its color, so a grayscale print still separates them.</summary>
    public static MarkerShape ComponentMarker(int component) => ((component - 1) % 4) switch
    {
        0 => MarkerShape.FilledCircle,
        1 => MarkerShape.FilledSquare,
        2 => MarkerShape.FilledTriangleUp,
        _ => MarkerShape.FilledDiamond,
    };

    /// <summary>
    /// Fills a bar with the series color. An untrained series gets a pale fill and a thick border in that
    /// color instead. Hatching or a dashed border would be clearer, but the SVG export of ScottPlot 5.1.59
    /// drops hatch fills and dash patterns.
    /// </summary>
    public static void ApplyFill(Bar bar, FigureSeries series, Color color)
    {
        if (series.IsUntrained)
        {
            bar.FillColor = color.Lighten(UntrainedLightening);
            bar.LineColor = color;
            bar.LineWidth = UntrainedBorderWidth;
        }
        else
        {
            bar.FillColor = color;
            bar.LineColor = Colors.Black;
        }
    }

    /// <summary>Adds a legend entry drawn like the bars of <paramref name="series"/>.</summary>
    public static void AddLegendBox(Plot plot, FigureSeries series, Color color, string text)
    {
        var item = new LegendItem
        {
            LabelText = text,
            FillColor = series.IsUntrained ? color.Lighten(UntrainedLightening) : color,
            OutlineColor = series.IsUntrained ? color : Colors.Black,
            OutlineWidth = series.IsUntrained ? UntrainedBorderWidth : 1,
        };

        // Without an explicit font the first figure rendered in a process wrote its legend in the default serif font to SVG.
        item.LabelStyle.FontName = s_fontName;
        item.LabelStyle.FontSize = LegendFontSize;
        plot.Legend.ManualItems.Add(item);
    }

    /// <summary>Sets the fonts and the legend placement that every figure shares.</summary>
    public static void ApplyCommonLayout(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Font.Set(s_fontName);
        plot.Title(title, size: 18);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = LegendFontSize;

        // The legend sits in its own panel right of the data area, so it never covers a bar or a point.
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>
    /// Turns the bottom tick labels by 45 degrees when the widest of them is wider than the space between
    /// two ticks. The plot is rendered once at the figure size to learn the width of its data area.
    /// </summary>
    public static void AvoidOverlappingTickLabels(Plot plot, IReadOnlyList<string> labels)
    {
        using var paint = Paint.NewDisposablePaint();
        var widest = labels.Max(label => plot.Axes.Bottom.TickLabelStyle.Measure(label, paint).Width);
        plot.RenderInMemory(SweepFigures.Width, SweepFigures.Height);
        var spacing = plot.LastRender.DataRect.Width / labels.Count;
        if (widest < spacing * 0.9)
        {
            return;
        }

        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = widest * MathF.Sqrt(0.5f) + plot.Axes.Bottom.Label.FontSize * 4;
    }

    /// <summary>Returns the x position of bar <paramref name="index"/> of <paramref name="count"/> in the group at <paramref name="group"/>, bars of width <paramref name="barWidth"/> centered on the group.</summary>
    public static double BarPosition(int group, int index, int count, double barWidth) =>
        group + (index - (count - 1) / 2.0) * barWidth;

    private static string TrainedLabel(FigureSeries untrained) => untrained.Label.Replace(" untrained", "", StringComparison.Ordinal);

    /// <summary>
    /// Picks the first installed of a few common sans-serif families. ScottPlot 5.1.59's own
    /// <see cref="Fonts.Sans"/> resolved to DejaVu Serif on Debian 12 with fonts-dejavu-core installed.
    /// </summary>
    private static string SansFontName()
    {
        foreach (var name in new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica" })
        {
            if (Fonts.GetTypeface(name, bold: false, italic: false)?.FamilyName == name)
            {
                return name;
            }
        }

        return Fonts.Sans;
    }
}
