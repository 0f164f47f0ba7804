using Dagmm.Grid.Client.Cluster;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>Reads sweeps from their coordinators in a cluster; run files come from the silos' results folder through the coordinator.</summary>
internal sealed class ClusterSweepSource(ClusterConnection connection) : ISweepSource
{
    public ClusterConnection Connection => connection;

    public string Description => $"the cluster at {connection.Address}";

    public async Task<SweepOverview?> GetOverviewAsync(string sweepName)
    {
        var status = await connection.Grains.GetSweepCoordinator(sweepName).GetStatusAsync();
        return status.State == SweepState.NotFound ? null : SweepOverview.FromStatus(status);
    }

    public async Task<(string SweepFolder, IReadOnlyList<RunRecord> Runs)> GetRecordsAsync(string sweepName)
    {
        var records = await connection.Grains.GetSweepCoordinator(sweepName).GetRunRecordsAsync();
        return (records.SweepFolder, RunRecordJson.Deserialize(records.RunsJson));
    }

    public async Task<IReadOnlyList<RunRow>> GetRunRowsAsync(string sweepName)
    {
        var coordinator = connection.Grains.GetSweepCoordinator(sweepName);
        var views = await coordinator.GetRunsAsync();
        var (_, records) = await GetRecordsAsync(sweepName);
        var byKey = records.ToDictionary(record => record.RunKey, StringComparer.Ordinal);
        return views.Select(view => RunRow.Create(view.RunKey, view, byKey.GetValueOrDefault(view.RunKey))).ToList();
    }

    public async Task<IReadOnlyList<SweepEntry>> ListAsync()
    {
        var listings = await connection.Grains.GetSweepRegistry().ListAsync();
        return listings.Select(listing => new SweepEntry(listing.Name, SweepOverview.StateName(listing.State), listing.UpdatedAt)).ToList();
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
