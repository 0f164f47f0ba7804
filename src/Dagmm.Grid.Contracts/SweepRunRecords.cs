using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>The finished runs of a sweep, read from the silos' results folder for clients that cannot read that folder.</summary>
[GenerateSerializer, Immutable, Alias("dagmm.SweepRunRecords")]
public sealed record SweepRunRecords
{
    /// <summary>The sweep's folder on the silos, such as /results/quick.</summary>
    [Id(0)]
    public required string SweepFolder { get; init; }

    /// <summary>
    /// The rows of <c>runs/*.parquet</c> as a JSON array whose keys are the Parquet column names,
    /// the same rows <c>grid-client submit --json</c> prints.
    /// </summary>
    [Id(1)]
    public required string RunsJson { get; init; }
}
