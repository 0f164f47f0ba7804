using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>A lease a silo still holds, sent with each renewal.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunLease")]
public sealed record RunLease
{
    [Id(0)]
    public required string RunKey { get; init; }

    [Id(1)]
    public required Guid LeaseId { get; init; }

    [Id(2)]
    public required int Attempt { get; init; }
}
