using System.Text.Json;
using System.Text.Json.Serialization;
using Dagmm.Core.Evaluation;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// The --json output of submit and results: <c>{"sweep": {...}, "summary": [...], "runs": [...]}</c>. Summary
/// and run rows carry the Parquet column names as keys; non-finite numbers are written as the
/// strings "NaN", "Infinity" and "-Infinity".
/// </summary>
internal static class SubmitJson
{
    public static string Serialize(
        SweepOverview status,
        string resultsFolder,
        IReadOnlyList<SummaryRecord> summary,
        IReadOnlyList<RunRecord> runs,
        RescoredRuns? rescored = null)
    {
        var rescoring = rescored is null
            ? null
            : new RescoringSection(rescored.Request.Protocol.ToName(), rescored.Request.AnomalyRatio, rescored.Skipped);
        var document = new SubmitDocument(
            new SweepSection(
                status.Name,
                status.State,
                status.Total,
                status.Succeeded,
                status.Failed,
                status.Cancelled,
                status.Reused,
                resultsFolder,
                rescoring),
            summary,
            runs);
        return JsonSerializer.Serialize(document, RunRecordJson.Options);
    }

    private sealed record SubmitDocument(
        [property: JsonPropertyName("sweep")] SweepSection Sweep,
        [property: JsonPropertyName("summary")] IReadOnlyList<SummaryRecord> Summary,
        [property: JsonPropertyName("runs")] IReadOnlyList<RunRecord> Runs);

    private sealed record SweepSection(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("total")] int Total,
        [property: JsonPropertyName("succeeded")] int Succeeded,
        [property: JsonPropertyName("failed")] int Failed,
        [property: JsonPropertyName("cancelled")] int Cancelled,
        [property: JsonPropertyName("reused")] int Reused,
        [property: JsonPropertyName("results_folder")] string ResultsFolder,
        [property: JsonPropertyName("rescored"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RescoringSection? Rescored);

    /// <summary>Present only when the metrics were recomputed under another threshold protocol.</summary>
    private sealed record RescoringSection(
        [property: JsonPropertyName("threshold")] string Threshold,
        [property: JsonPropertyName("anomaly_ratio")] double? AnomalyRatio,
        [property: JsonPropertyName("skipped")] IReadOnlyList<string> Skipped);
}
