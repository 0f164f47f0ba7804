using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>The latest training progress of one attempt, sent by the silo that trains it.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunProgressReport")]
public sealed record RunProgressReport
{
    [Id(0)]
    public required Guid LeaseId { get; init; }

    [Id(1)]
    public required int Attempt { get; init; }

    [Id(2)]
    public required string Silo { get; init; }

    /// <summary>Epochs completed so far, 0 before the first one ends.</summary>
    [Id(3)]
    public required int Epoch { get; init; }

    [Id(4)]
    public required int TotalEpochs { get; init; }

    /// <summary>Mean training loss of the last completed epoch; NaN before the first one ends.</summary>
    [Id(5)]
    public required double MeanLoss { get; init; }

    [Id(6)]
    public required DateTimeOffset StartedAt { get; init; }
}
