using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>The coordinator's notice to a run grain that a new attempt was dispatched.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunAssignment")]
public sealed record RunAssignment
{
    [Id(0)]
    public required Guid LeaseId { get; init; }

    [Id(1)]
    public required int Attempt { get; init; }

    [Id(2)]
    public required string Silo { get; init; }
}
