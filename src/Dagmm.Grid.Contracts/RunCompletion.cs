using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>The report a silo sends when an attempt ends, after it has written the run file.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunCompletion")]
public sealed record RunCompletion
{
    [Id(0)]
    public required string RunKey { get; init; }

    [Id(1)]
    public required Guid LeaseId { get; init; }

    [Id(2)]
    public required int Attempt { get; init; }

    /// <summary>The reporting silo's address.</summary>
    [Id(3)]
    public required string Silo { get; init; }

    [Id(4)]
    public required RunOutcome Outcome { get; init; }

    /// <summary>The reason of a failed or abandoned attempt; null otherwise.</summary>
    [Id(5)]
    public string? Error { get; init; }
}
