using System.Globalization;
using System.Text.Json;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Spectre.Console;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client runs SWEEP [--cluster URL | --results DIR] [--json]: lists every run of a sweep in the
/// order of its sweep file with status, silo, attempt and metrics. --json prints a JSON array of
/// <see cref="RunRow"/>, whose "result" contains the run file's row. Exits 0 for any known sweep.
/// </summary>
public static class RunsCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("runs", arguments, [RedisClusterAddress.OptionName, SweepSources.ResultsOption, SweepSources.DataOption], ["--json"]);
        var sweepName = parsed.SinglePositional("sweep");
        await using var source = await SweepSources.OpenAsync(parsed);
        await SweepSources.RequireOverviewAsync(source, sweepName);
        var rows = await source.GetRunRowsAsync(sweepName);
        if (parsed.Flag("--json"))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(rows, RunRecordJson.Options));
            return GridClient.ExitSuccess;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("Run");
        table.AddColumn("Status");
        table.AddColumn("Silo");
        table.AddColumn(new TableColumn("Attempt").RightAligned());
        foreach (var metric in new[] { "F1", "AUROC", "AUPRC", "Train s" })
        {
            table.AddColumn(new TableColumn(metric).RightAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.RunKey),
                Markup.Escape(row.Error is null ? row.Status : $"{row.Status}: {row.Error}"),
                Markup.Escape(row.Silo ?? ""),
                row.Attempt.ToString(CultureInfo.InvariantCulture),
                Format(row.Result?.F1),
                Format(row.Result?.Auroc),
                Format(row.Result?.Auprc),
                row.Result is { } result ? result.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture) : "");
        }

        SweepReport.CreateOutputConsole().Write(table);
        return GridClient.ExitSuccess;
    }

    private static string Format(double? value) => value?.ToString("F3", CultureInfo.InvariantCulture) ?? "";
}
