using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>
/// One run leased to one silo: what to train and until when the lease holds without renewal.
/// </summary>
[GenerateSerializer, Immutable, Alias("dagmm.RunTicket")]
public sealed record RunTicket
{
    [Id(0)]
    public required string SweepName { get; init; }

    [Id(1)]
    public required string RunKey { get; init; }

    /// <summary>The run's settings in the canonical JSON form of the results folder.</summary>
    [Id(2)]
    public required string SettingsJson { get; init; }

    /// <summary>1 for the first dispatch of the run, 2 for its first retry, and so on.</summary>
    [Id(3)]
    public required int Attempt { get; init; }

    /// <summary>Identifies this dispatch; renewals and the completion name it.</summary>
    [Id(4)]
    public required Guid LeaseId { get; init; }

    /// <summary>When the coordinator takes the run back unless the silo renews the lease first.</summary>
    [Id(5)]
    public required DateTimeOffset LeaseExpiresAt { get; init; }

    /// <summary>Numbers the batches of one lease reply: tickets with the same number train together in one slot.</summary>
    [Id(6)]
    public int Batch { get; init; }
}
