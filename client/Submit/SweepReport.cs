using Dagmm.Core.Evaluation;
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
    private const int RedirectedTableWidth = 200;

    public static Task WriteAsync(SweepOverview overview, string sweepFolder, IReadOnlyList<RunRecord> runs, bool json) =>
        WriteAsync(overview, sweepFolder, runs, rescored: null, json);

    /// <summary>
    /// Prints the report of runs rescored under another threshold protocol: a line naming the
    /// protocol above the table, a warning on standard error for each run left out, and where the
    /// rescored summary was saved or why it was not. Returns false when writing that file failed.
    /// </summary>
    public static async Task<bool> WriteRescoredAsync(SweepOverview overview, string sweepFolder, RescoredRuns rescored, bool json)
    {
        foreach (var skipped in rescored.Skipped)
        {
            await Console.Error.WriteLineAsync($"warning: left out of the {rescored.Request.Name} summary: {skipped}");
        }

        await WriteAsync(overview, sweepFolder, rescored.Runs, rescored, json);
        if (rescored.SummaryWriteError is { } writeError)
        {
            await Console.Error.WriteLineAsync($"error: {writeError}; give a writable --results folder, or copy the sweep folder to one");
            return false;
        }

        if (rescored.SummaryNotWritten is { } notWritten)
        {
            await Console.Error.WriteLineAsync($"warning: {notWritten}");
        }
        else
        {
            await Console.Error.WriteLineAsync($"rescored summary: {Path.Combine(sweepFolder, ResultStore.RescoredSummaryFileName(rescored.Request))}");
        }

        return true;
    }

    private static async Task WriteAsync(SweepOverview overview, string sweepFolder, IReadOnlyList<RunRecord> runs, RescoredRuns? rescored, bool json)
    {
        var summary = ResultStore.Summarize(runs);
        if (json)
        {
            await Console.Out.WriteLineAsync(SubmitJson.Serialize(overview, sweepFolder, summary, runs, rescored));
            return;
        }

        var console = CreateOutputConsole();
        if (rescored is not null)
        {
            console.MarkupLine(
                $"threshold protocol [bold]{Markup.Escape(rescored.Request.Description)}[/], rescored from the stored sample energies without retraining");
        }

        SummaryTable.Write(console, summary, ConfigLabels.Describe(runs));
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
