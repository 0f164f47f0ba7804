using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>The coordinator's record of one run.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunView")]
public sealed record RunView
{
    [Id(0)]
    public required string RunKey { get; init; }

    [Id(1)]
    public required RunPhase Phase { get; init; }

    /// <summary>Dispatches so far; 0 for a run that never started in this coordinator's lifetime.</summary>
    [Id(2)]
    public required int Attempt { get; init; }

    /// <summary>The silo that holds or last held the run; null for a run never dispatched.</summary>
    [Id(3)]
    public string? Silo { get; init; }

    /// <summary>When the current lease was granted; null unless the run is running.</summary>
    [Id(4)]
    public DateTimeOffset? LeasedAt { get; init; }

    /// <summary>The failure reason of a failed run the coordinator saw end; null otherwise.</summary>
    [Id(5)]
    public string? Error { get; init; }
}
