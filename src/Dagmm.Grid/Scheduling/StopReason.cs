namespace Dagmm.Grid.Scheduling;

/// <summary>Why a silo stopped a run before it finished.</summary>
internal enum StopReason
{
    None,

    /// <summary>The run grain or the coordinator asked: cancelled sweep, revoked lease, or the run finished elsewhere.</summary>
    Requested,

    /// <summary>The silo is shutting down; the run goes back to the coordinator for another silo.</summary>
    Shutdown,

    /// <summary>
    /// libtorch raised an error of its own rather than a numerical failure of the run, so the run goes
    /// back to the coordinator for another attempt, within the sweep's maxAttempts.
    /// </summary>
    NativeError,
}
