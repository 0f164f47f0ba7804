using System.Collections.Immutable;
using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>
/// The finished runs of a sweep with their metrics recomputed under another threshold protocol
/// from the stored per-sample energies, for clients that cannot read the silos' results folder.
/// </summary>
[GenerateSerializer, Immutable, Alias("dagmm.RescoredRunRecords")]
public sealed record RescoredRunRecords
{
    /// <summary>The sweep's folder on the silos, such as /results/quick.</summary>
    [Id(0)]
    public required string SweepFolder { get; init; }

    /// <summary>The rescored rows as a JSON array keyed by the Parquet column names, as in <see cref="SweepRunRecords.RunsJson"/>.</summary>
    [Id(1)]
    public required string RunsJson { get; init; }

    /// <summary>Succeeded runs left out because their scores were missing or unusable, each as "run key: reason".</summary>
    [Id(2)]
    public ImmutableArray<string> Skipped { get; init; } = [];

    /// <summary>Why summary-&lt;name&gt;.parquet was left unwritten because runs were left out, or null.</summary>
    [Id(3)]
    public string? SummaryNotWritten { get; init; }

    /// <summary>Why writing summary-&lt;name&gt;.parquet failed on the silo, or null.</summary>
    [Id(4)]
    public string? SummaryWriteError { get; init; }
}
