using System.Globalization;
using Dagmm.Grid.Results;
using Spectre.Console;

namespace Dagmm.Grid.Client.Submit;

/// <summary>Writes a sweep's summary as a table: one row per dataset, mixture, configuration and threshold protocol.</summary>
internal static class SummaryTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<SummaryRecord> summary)
    {
        // Configuration and epochs only tell rows apart when a grid axis made several configurations.
        var showConfig = summary
            .GroupBy(row => (row.Dataset, row.Mixture, row.Threshold))
            .Any(group => group.Count() > 1);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Dataset");
        table.AddColumn("Mixture");
        if (showConfig)
        {
            table.AddColumn("Config");
            table.AddColumn(new TableColumn("Epochs").RightAligned());
        }

        table.AddColumn("Threshold");
        table.AddColumn(new TableColumn("n").RightAligned());
        foreach (var metric in new[] { "Precision", "Recall", "F1", "Accuracy", "AUROC", "AUPRC" })
        {
            table.AddColumn(new TableColumn(metric).RightAligned());
        }

        foreach (var row in summary)
        {
            var cells = new List<string> { Markup.Escape(row.Dataset), Markup.Escape(row.Mixture) };
            if (showConfig)
            {
                cells.Add(Markup.Escape(row.Config));
                cells.Add(row.Epochs.ToString(CultureInfo.InvariantCulture));
            }

            cells.Add(Markup.Escape(row.Threshold));
            cells.Add(DescribeCount(row));
            cells.Add(MeanAndStd(row.PrecisionMean, row.PrecisionStd));
            cells.Add(MeanAndStd(row.RecallMean, row.RecallStd));
            cells.Add(MeanAndStd(row.F1Mean, row.F1Std));
            cells.Add(MeanAndStd(row.AccuracyMean, row.AccuracyStd));
            cells.Add(MeanAndStd(row.AurocMean, row.AurocStd));
            cells.Add(MeanAndStd(row.AuprcMean, row.AuprcStd));
            table.AddRow(cells.ToArray());
        }

        console.Write(table);
    }

    private static string DescribeCount(SummaryRecord row) => row.NFailed == 0
        ? row.N.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{row.N} ([red]{row.NFailed} failed[/])");

    /// <summary>Formats "mean ± std" with three decimals; the std is left out when fewer than two runs succeeded.</summary>
    private static string MeanAndStd(double? mean, double? std) => (mean, std) switch
    {
        (null, _) => "n/a",
        ({ } value, null) => value.ToString("F3", CultureInfo.InvariantCulture),
        ({ } value, { } spread) => string.Create(CultureInfo.InvariantCulture, $"{value:F3} ± {spread:F3}"),
    };
}
