using System.Globalization;
using Dagmm.Grid.Results;
using Spectre.Console;

namespace Dagmm.Grid.Client.Submit;

/// <summary>Writes a sweep's summary as a table: one row per dataset, mixture, configuration and threshold protocol.</summary>
internal static class SummaryTable
{
    /// <summary>
    /// Columns left out, in this order, while the table is wider than the console. Threshold goes only
    /// when every row shares one protocol, which the closing line then names.
    /// </summary>
    private static readonly string[] s_optionalColumns = ["Accuracy", "AUPRC", "Threshold", "Precision", "Recall", "AUROC"];

    /// <summary>
    /// Writes the table. When a grid axis made several configurations of one dataset and mixture, the
    /// Config column shows each configuration's hash with its label from <paramref name="configLabels"/>.
    /// When the table is wider than the console, columns are left out in the order of
    /// <see cref="s_optionalColumns"/>, with a line that names them, instead of wrapping every cell.
    /// </summary>
    public static void Write(
        IAnsiConsole console,
        IReadOnlyList<SummaryRecord> summary,
        IReadOnlyDictionary<(string Dataset, string Mixture, string Config), string> configLabels)
    {
        // The configuration only distinguishes rows when a grid axis made several configurations.
        var showConfig = summary
            .GroupBy(row => (row.Dataset, row.Mixture, row.Threshold))
            .Any(group => group.Count() > 1);
        var columns = new List<SummaryColumn>
        {
            new("Dataset", false, row => Markup.Escape(row.Dataset)),
            new("Mixture", false, row => Markup.Escape(row.Mixture)),
        };
        if (showConfig)
        {
            columns.Add(new("Config", false, row => Markup.Escape(DescribeConfig(row, configLabels))));
        }

        columns.Add(new("Threshold", false, row => Markup.Escape(row.Threshold)));
        columns.Add(new("n", true, DescribeCount));
        columns.Add(new("Precision", true, row => MeanAndStd(row.PrecisionMean, row.PrecisionStd)));
        columns.Add(new("Recall", true, row => MeanAndStd(row.RecallMean, row.RecallStd)));
        columns.Add(new("F1", true, row => MeanAndStd(row.F1Mean, row.F1Std)));
        columns.Add(new("Accuracy", true, row => MeanAndStd(row.AccuracyMean, row.AccuracyStd)));
        columns.Add(new("AUROC", true, row => MeanAndStd(row.AurocMean, row.AurocStd)));
        columns.Add(new("AUPRC", true, row => MeanAndStd(row.AuprcMean, row.AuprcStd)));

        var thresholds = summary.Select(row => row.Threshold).Distinct(StringComparer.Ordinal).ToList();
        var leftOut = new List<string>();
        foreach (var header in s_optionalColumns)
        {
            if (TableWidth(columns, summary) <= console.Profile.Width)
            {
                break;
            }

            if (header == "Threshold" && thresholds.Count != 1)
            {
                continue;
            }

            columns.RemoveAll(column => column.Header == header);
            leftOut.Add(header);
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(column.RightAligned ? new TableColumn(column.Header).RightAligned() : new TableColumn(column.Header));
        }

        foreach (var row in summary)
        {
            table.AddRow(columns.Select(column => column.Cell(row)).ToArray());
        }

        console.Write(table);
        if (leftOut.Contains("Threshold"))
        {
            console.MarkupLine($"threshold: {Markup.Escape(thresholds[0])}");
        }

        if (leftOut.Count > 0)
        {
            console.MarkupLine(
                $"left out to fit {console.Profile.Width} columns: {string.Join(", ", leftOut)}; a wider terminal, --json or summary.parquet shows every column");
        }
    }

    private static string DescribeConfig(SummaryRecord row, IReadOnlyDictionary<(string Dataset, string Mixture, string Config), string> configLabels)
    {
        var label = configLabels.GetValueOrDefault((row.Dataset, row.Mixture, row.Config));
        return string.IsNullOrEmpty(label) ? row.Config : $"{row.Config}: {label}";
    }

    /// <summary>Returns the width of the rounded table: each column's widest text plus a space either side, and one border per column and at the end.</summary>
    private static int TableWidth(IReadOnlyList<SummaryColumn> columns, IReadOnlyList<SummaryRecord> summary) =>
        columns.Sum(column => summary.Select(row => Markup.Remove(column.Cell(row)).Length).Append(column.Header.Length).Max() + 3) + 1;

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

    /// <summary>A column of the summary table: its header, alignment and the markup of its cell for a row.</summary>
    private sealed record SummaryColumn(string Header, bool RightAligned, Func<SummaryRecord, string> Cell);
}
