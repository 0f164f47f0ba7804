using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>How a silo's attempt at a run ended.</summary>
[GenerateSerializer, Alias("dagmm.RunOutcome")]
public enum RunOutcome
{
    /// <summary>Trained and scored; the silo wrote the run file.</summary>
    Succeeded,

    /// <summary>Ended with an error such as a non-finite loss; the silo wrote the run file with the reason.</summary>
    Failed,

    /// <summary>Stopped on request (cancelled sweep, revoked lease); nothing was written.</summary>
    Cancelled,

    /// <summary>The silo gave the run back without a result (shutdown, result not writable); the coordinator retries it.</summary>
    Abandoned,
}
