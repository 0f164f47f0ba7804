using System.Text.Json.Serialization;
using Dagmm.Grid.Contracts;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>
/// The state and run counts of a sweep, from its coordinator or from the results folder. State is one of
/// running, cancelling, cancelled, completed, or, read from a folder without a cluster, incomplete
/// (some runs have no result and no silo was asked whether they are still training).
/// </summary>
internal sealed record SweepOverview
{
    public const string Incomplete = "incomplete";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("state")]
    public required string State { get; init; }

    [JsonPropertyName("total")]
    public required int Total { get; init; }

    /// <summary>Runs waiting for a slot; from a folder, every run without a result.</summary>
    [JsonPropertyName("pending")]
    public required int Pending { get; init; }

    [JsonPropertyName("running")]
    public required int Running { get; init; }

    [JsonPropertyName("succeeded")]
    public required int Succeeded { get; init; }

    [JsonPropertyName("failed")]
    public required int Failed { get; init; }

    [JsonPropertyName("cancelled")]
    public required int Cancelled { get; init; }

    /// <summary>Runs whose result was in the results folder when the coordinator started; 0 when read from a folder.</summary>
    [JsonPropertyName("reused")]
    public required int Reused { get; init; }

    [JsonIgnore]
    public bool IsCompleted => State == StateName(SweepState.Completed);

    public static string StateName(SweepState state) => state.ToString().ToLowerInvariant();

    public static SweepOverview FromStatus(SweepStatus status) => new()
    {
        Name = status.Name,
        State = StateName(status.State),
        Total = status.Total,
        Pending = status.Pending,
        Running = status.Running,
        Succeeded = status.Succeeded,
        Failed = status.Failed,
        Cancelled = status.Cancelled,
        Reused = status.Reused,
    };
}
