using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>What a run grain knows about its run: phase, holder and training progress.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunProgressView")]
public sealed record RunProgressView
{
    [Id(0)]
    public required string RunKey { get; init; }

    [Id(1)]
    public required RunPhase Phase { get; init; }

    [Id(2)]
    public required int Attempt { get; init; }

    [Id(3)]
    public string? Silo { get; init; }

    /// <summary>Epochs completed in the current attempt.</summary>
    [Id(4)]
    public required int Epoch { get; init; }

    /// <summary>Epochs the run trains for; 0 until the first progress report.</summary>
    [Id(5)]
    public required int TotalEpochs { get; init; }

    [Id(6)]
    public required double MeanLoss { get; init; }

    /// <summary>When the silo started the current attempt; null before its first progress report.</summary>
    [Id(7)]
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last progress report arrived; null before the first one.</summary>
    [Id(8)]
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Progress reports received over the grain's lifetime.</summary>
    [Id(9)]
    public required int Reports { get; init; }
}
