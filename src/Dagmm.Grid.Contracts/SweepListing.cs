using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>One entry of the sweep registry.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.SweepListing")]
public sealed record SweepListing
{
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public required SweepState State { get; init; }

    /// <summary>When the registry first saw the sweep in its current lifetime.</summary>
    [Id(2)]
    public required DateTimeOffset RegisteredAt { get; init; }

    [Id(3)]
    public required DateTimeOffset UpdatedAt { get; init; }
}
