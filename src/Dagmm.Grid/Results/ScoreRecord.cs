using System.Text.Json.Serialization;
using Dagmm.Core.Training;
using Parquet.Serialization.Attributes;

namespace Dagmm.Grid.Results;

/// <summary>One row of <c>scores/&lt;run&gt;.parquet</c>: the energy of one sample of a run.</summary>
public sealed record ScoreRecord
{
    public const string TrainSplit = "train";

    public const string TestSplit = "test";

    /// <summary>The row of the sample in the loaded dataset.</summary>
    [JsonPropertyName("sample_index")]
    public int SampleIndex { get; init; }

    /// <summary>1 for an anomaly, 0 for a normal sample.</summary>
    [JsonPropertyName("label")]
    public int Label { get; init; }

    /// <summary>-log p(z); higher means more anomalous.</summary>
    [JsonPropertyName("energy")]
    public double Energy { get; init; }

    /// <summary>train or test.</summary>
    [JsonPropertyName("split"), ParquetRequired]
    public string Split { get; init; } = "";

    /// <summary>Converts per-sample scores to rows, keeping their order.</summary>
    public static IReadOnlyList<ScoreRecord> FromScores(SampleScores scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var count = scores.SampleIndex.Length;
        if (scores.IsAnomaly.Length != count || scores.Energy.Length != count || scores.IsTrain.Length != count)
        {
            throw new ArgumentException(
                $"Sample scores have arrays of different lengths: {count} indices, {scores.IsAnomaly.Length} labels, {scores.Energy.Length} energies, {scores.IsTrain.Length} split flags.",
                nameof(scores));
        }

        var rows = new ScoreRecord[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = new ScoreRecord
            {
                SampleIndex = scores.SampleIndex[i],
                Label = scores.IsAnomaly[i] ? 1 : 0,
                Energy = scores.Energy[i],
                Split = scores.IsTrain[i] ? TrainSplit : TestSplit,
            };
        }

        return rows;
    }
}
