using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>
/// Where status, results, runs and list read sweeps from: the coordinators of a cluster
/// (<see cref="ClusterSweepSource"/>) or a results folder (<see cref="FolderSweepSource"/>).
/// </summary>
internal interface ISweepSource : IAsyncDisposable
{
    /// <summary>Names the source in messages, such as "the cluster at redis://redis:6379".</summary>
    string Description { get; }

    /// <summary>The grid-client command that lists this source's sweeps, such as "grid-client list --results /data/results".</summary>
    string ListCommand { get; }

    /// <summary>Returns the sweep's counts, or null when the source does not know the sweep.</summary>
    Task<SweepOverview?> GetOverviewAsync(string sweepName);

    /// <summary>Returns the sweep's folder and its finished runs, ordered by run file name.</summary>
    Task<(string SweepFolder, IReadOnlyList<RunRecord> Runs)> GetRecordsAsync(string sweepName);

    /// <summary>
    /// Recomputes the metrics of the sweep's finished runs under <paramref name="request"/> from their
    /// stored energies, writes summary-&lt;request name&gt;.parquet into the sweep folder, and returns
    /// the folder with the rescored runs.
    /// </summary>
    Task<(string SweepFolder, RescoredRuns Rescored)> RescoreAsync(string sweepName, RescoreRequest request);

    /// <summary>Returns every run of the sweep in the order of the sweep file.</summary>
    Task<IReadOnlyList<RunRow>> GetRunRowsAsync(string sweepName);

    Task<IReadOnlyList<SweepEntry>> ListAsync();
}
