using System.Collections.Immutable;
using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>Counts of a sweep's runs by phase, plus the runs that are training now.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.SweepStatus")]
public sealed record SweepStatus
{
    [Id(0)]
    public required string Name { get; init; }

    [Id(1)]
    public required SweepState State { get; init; }

    [Id(2)]
    public required int Total { get; init; }

    [Id(3)]
    public required int Pending { get; init; }

    [Id(4)]
    public required int Running { get; init; }

    [Id(5)]
    public required int Succeeded { get; init; }

    [Id(6)]
    public required int Failed { get; init; }

    [Id(7)]
    public required int Cancelled { get; init; }

    /// <summary>Runs whose result was already in the results folder when the sweep started, included in the counts above.</summary>
    [Id(8)]
    public required int Reused { get; init; }

    /// <summary>The runs in the <see cref="RunPhase.Running"/> phase.</summary>
    [Id(9)]
    public required ImmutableArray<RunView> InFlight { get; init; }

    /// <summary>Runs that finished, successfully or not.</summary>
    public int Finished => Succeeded + Failed;

    /// <summary>True once nothing more will happen: completed, cancelled or unknown.</summary>
    public bool IsTerminal => State is SweepState.Completed or SweepState.Cancelled or SweepState.NotFound;
}
