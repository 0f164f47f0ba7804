using Dagmm.Grid.Client.Cluster;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client cancel SWEEP --cluster URL: cancels a sweep in a cluster. Pending runs never start,
/// in-flight runs stop within seconds, and finished runs stay recorded; submitting the sweep again
/// resumes it. Exits 0 once the cancel is recorded, 2 for an unknown sweep.
/// </summary>
public static class CancelCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("cancel", arguments, [RedisClusterAddress.OptionName], []);
        var sweepName = parsed.SinglePositional("sweep");
        var cluster = RedisClusterAddress.FromArguments(parsed) ?? throw new UsageException(
            $"{RedisClusterAddress.OptionName}: missing; cancel needs the cluster that runs the sweep (a sweep submitted without a cluster is cancelled with Ctrl+C)");
        await using var connection = await ClusterConnection.ConnectAsync(cluster, Console.Error);
        var status = await connection.Grains.GetSweepCoordinator(sweepName).CancelAsync();
        if (status.State == SweepState.NotFound)
        {
            throw new UsageException($"sweep \"{sweepName}\" not found in the cluster at {cluster}; list the known sweeps with grid-client list --cluster URL");
        }

        await Console.Out.WriteLineAsync(StatusCommand.Describe(SweepOverview.FromStatus(status)));
        return GridClient.ExitSuccess;
    }
}
