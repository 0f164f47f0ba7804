using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>Where a run stands in its sweep.</summary>
[GenerateSerializer, Alias("dagmm.RunPhase")]
public enum RunPhase
{
    /// <summary>Waiting for a free training slot.</summary>
    Pending,

    /// <summary>Leased to a silo, which trains it.</summary>
    Running,

    Succeeded,

    Failed,

    /// <summary>Never finished because the sweep was cancelled.</summary>
    Cancelled,
}
