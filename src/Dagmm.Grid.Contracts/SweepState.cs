using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>Where a sweep stands.</summary>
[GenerateSerializer, Alias("dagmm.SweepState")]
public enum SweepState
{
    /// <summary>No sweep of this name was submitted into the results folder.</summary>
    NotFound,

    /// <summary>Runs are pending or training.</summary>
    Running,

    /// <summary>Cancel was requested; in-flight runs are still stopping.</summary>
    Cancelling,

    /// <summary>Cancelled; no run is training any more.</summary>
    Cancelled,

    /// <summary>Every run finished (succeeded or failed) and the summary file is written.</summary>
    Completed,
}
