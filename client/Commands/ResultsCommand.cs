using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client results SWEEP [--cluster URL | --results DIR] [--threshold PROTOCOL [--anomaly-ratio RHO]] [--json]: prints
/// the summary table of a sweep, computed from its run files, as submit does when the sweep ends.
/// For a sweep still running, the table covers the runs finished so far. With --threshold the
/// metrics are recomputed under that protocol (and rho, if given) from the stored sample energies,
/// and the summary is also written as summary-PROTOCOL.parquet. Exits 0 for any known sweep.
/// </summary>
public static class ResultsCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse(
            "results", arguments, [RedisClusterAddress.OptionName, SweepSources.ResultsOption, SweepSources.DataOption, ThresholdOption.Name, ThresholdOption.AnomalyRatioName], ["--json"]);
        var sweepName = parsed.SinglePositional("sweep");
        var rescore = ThresholdOption.ParseRescore(parsed);
        await using var source = await SweepSources.OpenAsync(parsed);
        var overview = await SweepSources.RequireOverviewAsync(source, sweepName);
        if (rescore is not null)
        {
            var (rescoredFolder, rescored) = await source.RescoreAsync(sweepName, rescore);
            var saved = await SweepReport.WriteRescoredAsync(overview, rescoredFolder, rescored, parsed.Flag("--json"));
            return saved ? GridClient.ExitSuccess : GridClient.ExitInvalidInput;
        }

        var (sweepFolder, runs) = await source.GetRecordsAsync(sweepName);
        await SweepReport.WriteAsync(overview, sweepFolder, runs, parsed.Flag("--json"));
        return GridClient.ExitSuccess;
    }
}
