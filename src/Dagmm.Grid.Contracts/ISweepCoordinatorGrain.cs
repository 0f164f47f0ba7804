using System.Collections.Immutable;
using Orleans;
using Orleans.Concurrency;

namespace Dagmm.Grid.Contracts;

/// <summary>
/// Tracks every run of one sweep (grain key: the sweep name) and hands runs to silos that ask for
/// them. Silos pull work with <see cref="LeaseAsync"/>, keep it with <see cref="RenewAsync"/> and
/// return it with <see cref="CompleteAsync"/>; no method waits for training.
/// </summary>
[Alias("dagmm.ISweepCoordinatorGrain")]
public interface ISweepCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the sweep, or resumes it when the results folder already holds some of its runs: those
    /// runs are reused, the others become pending. Calling it for a sweep that is running returns
    /// its status. Throws when the sweep file is invalid or its name differs from the grain key.
    /// </summary>
    [Alias("Start")]
    Task<SweepStatus> StartAsync(SweepSubmission submission);

    /// <summary>
    /// Leases to <paramref name="silo"/> the pending runs that fill at most <paramref name="freeSlots"/>
    /// batches of at most <paramref name="runsPerSlot"/> runs, a batch holding runs that differ only
    /// in their seed. Returns an empty list when nothing is pending or the sweep is not running.
    /// </summary>
    [Alias("Lease")]
    Task<ImmutableArray<RunTicket>> LeaseAsync(string silo, int freeSlots, int runsPerSlot);

    /// <summary>
    /// Extends the leases that <paramref name="silo"/> holds and returns the lease ids it must stop
    /// training: leases that expired and moved on, runs that finished elsewhere, or a cancelled sweep.
    /// </summary>
    [Alias("Renew")]
    Task<ImmutableArray<Guid>> RenewAsync(string silo, ImmutableArray<RunLease> leases);

    /// <summary>
    /// Records how an attempt ended. The first completion of a run counts; a repeated or late one is
    /// ignored, so a run is recorded once.
    /// </summary>
    [Alias("Complete")]
    Task CompleteAsync(RunCompletion completion);

    [Alias("GetStatus")]
    Task<SweepStatus> GetStatusAsync();

    /// <summary>Returns every run of the sweep in the order of the sweep file.</summary>
    [Alias("GetRuns")]
    Task<ImmutableArray<RunView>> GetRunsAsync();

    /// <summary>Reads the run files of the sweep from the results folder; runs not finished yet are absent.</summary>
    [Alias("GetRunRecords")]
    Task<SweepRunRecords> GetRunRecordsAsync();

    /// <summary>
    /// Recomputes the metrics of the finished runs under the threshold protocol named
    /// <paramref name="protocol"/> (pooled-ratio, test-ratio, train-quantile or oracle-count) from
    /// their stored energies, without retraining, and writes summary-&lt;protocol&gt;.parquet beside
    /// summary.parquet. A non-null <paramref name="anomalyRatio"/> replaces every run's rho and
    /// names the file summary-&lt;protocol&gt;-rho&lt;ratio&gt;.parquet. Throws ArgumentException for an
    /// unknown protocol name or a ratio outside (0, 1).
    /// </summary>
    /// <remarks>
    /// Reading every run's scores takes seconds to minutes for a large sweep, hence the long timeout.
    /// The call only reads the results folder, so it interleaves with lease and status calls instead
    /// of holding them back.
    /// </remarks>
    [Alias("Rescore"), ResponseTimeout("00:10:00"), AlwaysInterleave]
    Task<RescoredRunRecords> RescoreAsync(string protocol, double? anomalyRatio);

    /// <summary>
    /// Cancels the sweep: pending runs never start and in-flight runs are told to stop, which
    /// they do within about one progress interval of their silo. Finished runs stay recorded. The
    /// cancel is written to the results folder, so it stays in force after every silo restarts.
    /// </summary>
    [Alias("Cancel")]
    Task<SweepStatus> CancelAsync();
}
