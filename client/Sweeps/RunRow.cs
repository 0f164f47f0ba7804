using System.Text.Json.Serialization;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>
/// One line of <c>grid-client runs</c>: a run's status, where and in which attempt it ran, and, once
/// it has a result, its row of <c>runs/&lt;run&gt;.parquet</c> with the metrics.
/// </summary>
internal sealed record RunRow
{
    /// <summary>The status of a run without a result, read from a folder without a cluster.</summary>
    public const string Unfinished = "unfinished";

    [JsonPropertyName("run_key")]
    public required string RunKey { get; init; }

    /// <summary>pending, running, succeeded, failed, cancelled, or unfinished.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("silo")]
    public string? Silo { get; init; }

    /// <summary>The attempt that produced the result, or the current one; 0 before the first dispatch.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The run file's row, with the Parquet column names as keys; null until the run has a result.</summary>
    [JsonPropertyName("result")]
    public RunRecord? Result { get; init; }

    /// <summary>Combines the coordinator's view of a run with its run file, which wins once the run has finished.</summary>
    public static RunRow Create(string runKey, RunView? view, RunRecord? record)
    {
        if (record is not null && view?.Phase is not (RunPhase.Pending or RunPhase.Running))
        {
            return new RunRow
            {
                RunKey = runKey,
                Status = record.Status,
                Silo = record.Silo,
                Attempt = record.Attempt,
                Error = record.Error,
                Result = record,
            };
        }

        return new RunRow
        {
            RunKey = runKey,
            Status = view is null ? Unfinished : view.Phase.ToString().ToLowerInvariant(),
            Silo = view?.Silo,
            Attempt = view?.Attempt ?? 0,
            Error = view?.Error,
        };
    }
}
