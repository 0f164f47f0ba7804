using Dagmm.Core.Training;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Results;
using Spectre.Console;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// Prints a sweep's results on standard output: the summary table and the failed runs, or with
/// --json one document (see <see cref="SubmitJson"/>). Every run file of the sweep folder counts, as
/// in summary.parquet, including runs of an earlier version of the sweep file that the current one
/// no longer lists.
/// </summary>
internal static class SweepReport
{
    private const int RedirectedTableWidth = 160;

    public static async Task WriteAsync(SweepOverview overview, string sweepFolder, IReadOnlyList<RunRecord> runs, bool json)
    {
        var summary = ResultStore.Summarize(runs);
        if (json)
        {
            await Console.Out.WriteLineAsync(SubmitJson.Serialize(overview, sweepFolder, summary, runs));
            return;
        }

        var console = CreateOutputConsole();
        SummaryTable.Write(console, summary);
        foreach (var failed in runs.Where(run => run.Status != RunRecord.StatusName(RunStatus.Succeeded)))
        {
            console.MarkupLine($"[red]failed[/] {Markup.Escape(failed.RunKey)}: {Markup.Escape(failed.Error ?? "no reason recorded")}");
        }

        if (!overview.IsCompleted)
        {
            console.MarkupLine($"[yellow]sweep {Markup.Escape(overview.State)}[/]: {overview.Succeeded + overview.Failed} of {overview.Total} runs finished");
        }

        await Console.Error.WriteLineAsync($"results: {sweepFolder}");
    }

    /// <summary>Returns a console on standard output that keeps tables from wrapping when the output is a file or pipe.</summary>
    public static IAnsiConsole CreateOutputConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // A file or pipe has no width; keep the table from wrapping at the 80-column default.
            console.Profile.Width = RedirectedTableWidth;
        }

        return console;
    }
}
