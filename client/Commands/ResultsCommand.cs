using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client results SWEEP [--cluster URL | --results DIR] [--json]: prints the summary table of
/// a sweep, computed from its run files, as submit does when the sweep ends. For a sweep still
/// running, the table covers the runs finished so far. Exits 0 for any known sweep.
/// </summary>
public static class ResultsCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("results", arguments, [RedisClusterAddress.OptionName, SweepSources.ResultsOption], ["--json"]);
        var sweepName = parsed.SinglePositional("sweep");
        await using var source = await SweepSources.OpenAsync(parsed);
        var overview = await SweepSources.RequireOverviewAsync(source, sweepName);
        var (sweepFolder, runs) = await source.GetRecordsAsync(sweepName);
        await SweepReport.WriteAsync(overview, sweepFolder, runs, parsed.Flag("--json"));
        return GridClient.ExitSuccess;
    }
}
