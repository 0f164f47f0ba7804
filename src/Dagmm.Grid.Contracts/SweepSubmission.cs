using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>
/// A sweep file as the client read it. The coordinator parses <see cref="SourceJson"/> itself, so
/// a coordinator that reactivates later can rebuild the same runs from the copy in the results folder.
/// </summary>
[GenerateSerializer, Immutable, Alias("dagmm.SweepSubmission")]
public sealed record SweepSubmission
{
    /// <summary>The sweep name; it must equal the coordinator's grain key.</summary>
    [Id(0)]
    public required string Name { get; init; }

    /// <summary>The text of the sweep file, unchanged.</summary>
    [Id(1)]
    public required string SourceJson { get; init; }

    /// <summary>The file name that validation messages start with, such as <c>quick.json</c>.</summary>
    [Id(2)]
    public required string FileName { get; init; }
}
