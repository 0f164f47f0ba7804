using Dagmm.Grid.Client.Cluster;
using Dagmm.Grid.Hosting;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>Picks where a command reads sweeps from: a cluster, or a results folder when no cluster is named.</summary>
internal static class SweepSources
{
    public const string ResultsOption = "--results";

    public const string DefaultResultsFolder = "results";

    /// <summary>The data folder option, for sweeps over users' tables given by relative paths.</summary>
    public const string DataOption = "--data";

    /// <summary>
    /// Opens the cluster of <c>--cluster</c>, else the folder of <c>--results</c>, else the cluster of
    /// DAGMM_CLUSTER, else ./results. An explicit --results thus wins over the environment variable.
    /// </summary>
    public static async Task<ISweepSource> OpenAsync(CommandArguments arguments)
    {
        var resultsFolder = arguments.Value(ResultsOption);
        if (arguments.Value(RedisClusterAddress.OptionName) is not null && resultsFolder is not null)
        {
            throw new UsageException(
                $"{ResultsOption}: a cluster reads its silos' results folder itself; drop {ResultsOption}, or drop {RedisClusterAddress.OptionName} to read the folder directly");
        }

        var cluster = resultsFolder is null ? RedisClusterAddress.FromArguments(arguments) : null;
        if (cluster is not null && arguments.Value(DataOption) is not null)
        {
            throw new UsageException(
                $"{DataOption}: applies when reading a results folder; a cluster's silos read their own data folder, so drop {DataOption}");
        }

        if (cluster is null)
        {
            var folder = resultsFolder ?? DefaultResultsFolder;
            if (File.Exists(folder))
            {
                throw new UsageException($"{ResultsOption}: {folder} is a file; give the results folder that submit wrote to");
            }

            return new FolderSweepSource(folder, arguments.Value(DataOption));
        }

        return new ClusterSweepSource(await ClusterConnection.ConnectAsync(cluster, Console.Error));
    }

    /// <summary>Returns the overview of <paramref name="sweepName"/>, or throws a <see cref="UsageException"/> that names the source when it is unknown.</summary>
    public static async Task<SweepOverview> RequireOverviewAsync(ISweepSource source, string sweepName) =>
        await source.GetOverviewAsync(sweepName) ?? throw new UsageException(
            $"sweep \"{sweepName}\" not found in {source.Description}; list the known sweeps with {source.ListCommand}");
}
