using Dagmm.Core.Evaluation;
using Dagmm.Grid.Client.Cluster;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>Reads sweeps from their coordinators in a cluster; run files come from the silos' results folder through the coordinator.</summary>
internal sealed class ClusterSweepSource(ClusterConnection connection) : ISweepSource
{
    /// <summary>
    /// How long a call keeps retrying while the cluster reroutes around a dead silo; Orleans 10.4.2
    /// declares a killed silo dead 10 to 25 s after it stops (docs/benchmarks.md).
    /// </summary>
    public static readonly TimeSpan OutageLimit = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan s_retryDelay = TimeSpan.FromMilliseconds(500);

    public ClusterConnection Connection => connection;

    public string Description => $"the cluster at {connection.Address}";

    public string ListCommand => $"grid-client list --cluster {connection.Address}";

    public async Task<SweepOverview?> GetOverviewAsync(string sweepName)
    {
        var status = await RetryAsync(() => connection.Grains.GetSweepCoordinator(sweepName).GetStatusAsync());
        return status.State == SweepState.NotFound ? null : SweepOverview.FromStatus(status);
    }

    public async Task<(string SweepFolder, IReadOnlyList<RunRecord> Runs)> GetRecordsAsync(string sweepName)
    {
        var records = await RetryAsync(() => connection.Grains.GetSweepCoordinator(sweepName).GetRunRecordsAsync());
        return (records.SweepFolder, RunRecordJson.Deserialize(records.RunsJson));
    }

    public async Task<(string SweepFolder, RescoredRuns Rescored)> RescoreAsync(string sweepName, RescoreRequest request)
    {
        var coordinator = connection.Grains.GetSweepCoordinator(sweepName);
        var records = await RetryAsync(() => coordinator.RescoreAsync(request.Protocol.ToName(), request.AnomalyRatio));
        var rescored = new RescoredRuns(request, RunRecordJson.Deserialize(records.RunsJson), records.Skipped)
        {
            SummaryNotWritten = records.SummaryNotWritten,
            SummaryWriteError = records.SummaryWriteError,
        };
        return (records.SweepFolder, rescored);
    }

    public async Task<IReadOnlyList<RunRow>> GetRunRowsAsync(string sweepName)
    {
        var coordinator = connection.Grains.GetSweepCoordinator(sweepName);
        var views = await RetryAsync(() => coordinator.GetRunsAsync());
        var (_, records) = await GetRecordsAsync(sweepName);
        var byKey = records.ToDictionary(record => record.RunKey, StringComparer.Ordinal);
        return views.Select(view => RunRow.Create(view.RunKey, view, byKey.GetValueOrDefault(view.RunKey))).ToList();
    }

    public async Task<IReadOnlyList<SweepEntry>> ListAsync()
    {
        var listings = await RetryAsync(() => connection.Grains.GetSweepRegistry().ListAsync());
        return listings.Select(listing => new SweepEntry(listing.Name, SweepOverview.StateName(listing.State), listing.UpdatedAt)).ToList();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    // A call that reaches a silo which has just died fails until the cluster declares it dead and
    // the client's gateway list drops it. The sweep itself goes on, so the call is repeated.
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        var firstFailure = DateTimeOffset.UtcNow;
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is not OperationCanceledException && error is not ArgumentException
                                          && DateTimeOffset.UtcNow - firstFailure < OutageLimit)
            {
                await Task.Delay(s_retryDelay);
            }
        }
    }
}
