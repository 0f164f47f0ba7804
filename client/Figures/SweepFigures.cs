using ScottPlot;

namespace Dagmm.Grid.Client.Figures;

/// <summary>
/// Writes the figures of one sweep as PNG and SVG, each <see cref="Width"/> x <see cref="Height"/> pixels:
/// <c>&lt;dataset&gt;-precision-recall-f1</c> for every dataset, <c>auroc</c>, and <c>learned-nu</c>
/// when a succeeded run learned its nu. Existing files of the same names are replaced.
/// </summary>
public static class SweepFigures
{
    /// <summary>Image width in pixels.</summary>
    public const int Width = 1200;

    /// <summary>Image height in pixels.</summary>
    public const int Height = 640;

    public const string AurocName = "auroc";

    public const string LearnedNuName = "learned-nu";

    /// <summary>Returns the file name stem of the precision, recall and F1 figure of <paramref name="dataset"/>.</summary>
    public static string PrecisionRecallF1Name(string dataset) => $"{dataset}-precision-recall-f1";

    /// <summary>Writes every figure of <paramref name="data"/> into <paramref name="folder"/>, created when missing, and returns the absolute paths written, PNG before SVG.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> has no succeeded run.</exception>
    public static IReadOnlyList<string> Write(SweepFigureData data, string folder)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (data.SucceededRuns == 0)
        {
            throw new ArgumentException($"Sweep \"{data.Sweep}\" has no succeeded run to plot.", nameof(data));
        }

        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var paths = new List<string>();
        foreach (var dataset in data.Datasets)
        {
            paths.AddRange(Save(MetricBarChart.PrecisionRecallF1(data, dataset), folder, PrecisionRecallF1Name(dataset)));
        }

        paths.AddRange(Save(MetricBarChart.Auroc(data), folder, AurocName));
        if (data.LearnedNu.Count > 0)
        {
            paths.AddRange(Save(LearnedNuChart.Create(data), folder, LearnedNuName));
        }

        return paths;
    }

    private static string[] Save(Plot plot, string folder, string name)
    {
        var png = Path.Combine(folder, name + ".png");
        var svg = Path.Combine(folder, name + ".svg");
        plot.SavePng(png, Width, Height);
        plot.SaveSvg(svg, Width, Height);
        return [png, svg];
    }
}
