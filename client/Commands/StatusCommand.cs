using System.Globalization;
using System.Text.Json;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client status SWEEP [--cluster URL | --results DIR] [--watch] [--json]: prints the state and run
/// counts of a sweep, from its coordinator in a cluster or from the results folder. --watch (cluster only)
/// follows the sweep with the progress display of submit until it ends, then exits like submit:
/// 0 when every run succeeded, 1 otherwise. Without --watch it exits 0 for any known sweep.
/// </summary>
public static class StatusCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("status", arguments, [RedisClusterAddress.OptionName, SweepSources.ResultsOption, SweepSources.DataOption], ["--watch", "--json"]);
        var sweepName = parsed.SinglePositional("sweep");
        await using var source = await SweepSources.OpenAsync(parsed);
        var overview = await SweepSources.RequireOverviewAsync(source, sweepName);
        if (!parsed.Flag("--watch"))
        {
            await WriteAsync(source, overview, parsed.Flag("--json"));
            return GridClient.ExitSuccess;
        }

        if (source is not ClusterSweepSource cluster)
        {
            throw new UsageException(
                $"--watch: needs a cluster to follow; pass {RedisClusterAddress.OptionName} redis://HOST:PORT or set {RedisClusterAddress.EnvironmentVariable} (a results folder shows finished runs only)");
        }

        var watcher = new SweepWatcher(cluster.Connection.Grains, sweepName, CancellationToken.None);
        var status = await new SweepProgressDisplay().FollowAsync(watcher);
        await WriteAsync(source, SweepOverview.FromStatus(status), parsed.Flag("--json"));
        return SubmitCommand.ExitCode(status);
    }

    private static async Task WriteAsync(ISweepSource source, SweepOverview overview, bool json)
    {
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(overview, RunRecordJson.Options));
            return;
        }

        await Console.Out.WriteLineAsync(Describe(overview));
        if (overview.Running > 0)
        {
            foreach (var run in await source.GetRunRowsAsync(overview.Name))
            {
                if (run.Status == SweepOverview.StateName(SweepState.Running))
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  running {run.RunKey}, attempt {run.Attempt}, on silo {run.Silo}"));
                }
            }
        }
    }

    internal static string Describe(SweepOverview overview) => string.Create(
        CultureInfo.InvariantCulture,
        $"{overview.Name}: {overview.State}, {overview.Succeeded + overview.Failed}/{overview.Total} runs done ({overview.Succeeded} succeeded, {overview.Failed} failed, {overview.Reused} reused), {overview.Running} running, {overview.Pending} pending, {overview.Cancelled} cancelled");
}
