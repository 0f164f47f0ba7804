using System.Text.Json.Serialization;
using Parquet.Serialization.Attributes;

namespace Dagmm.Grid.Results;

/// <summary>
/// One row of <c>summary.parquet</c>: the runs of one (dataset, mixture, config, threshold protocol)
/// group. Means are over the succeeded runs and null when there is none. Standard deviations are
/// sample standard deviations, sqrt(sum (x - mean)^2 / (n - 1)), and null when fewer than two runs succeeded.
/// </summary>
public sealed record SummaryRecord
{
    [JsonPropertyName("dataset"), ParquetRequired]
    public string Dataset { get; init; } = "";

    /// <summary>Mixture label, such as student-t-nu4.</summary>
    [JsonPropertyName("mixture"), ParquetRequired]
    public string Mixture { get; init; } = "";

    /// <summary>Student-t degrees of freedom as text ("4", "learned"); empty for the other families.</summary>
    [JsonPropertyName("nu"), ParquetRequired]
    public string Nu { get; init; } = "";

    /// <summary>The configuration hash shared by the seeds of the group.</summary>
    [JsonPropertyName("config"), ParquetRequired]
    public string Config { get; init; } = "";

    [JsonPropertyName("epochs")]
    public int Epochs { get; init; }

    /// <summary>Threshold protocol name, such as pooled-ratio.</summary>
    [JsonPropertyName("threshold"), ParquetRequired]
    public string Threshold { get; init; } = "";

    /// <summary>Succeeded runs, the runs the means and standard deviations describe.</summary>
    [JsonPropertyName("n")]
    public int N { get; init; }

    [JsonPropertyName("n_failed")]
    public int NFailed { get; init; }

    [JsonPropertyName("n_cancelled")]
    public int NCancelled { get; init; }

    [JsonPropertyName("precision_mean")]
    public double? PrecisionMean { get; init; }

    [JsonPropertyName("precision_std")]
    public double? PrecisionStd { get; init; }

    [JsonPropertyName("recall_mean")]
    public double? RecallMean { get; init; }

    [JsonPropertyName("recall_std")]
    public double? RecallStd { get; init; }

    [JsonPropertyName("f1_mean")]
    public double? F1Mean { get; init; }

    [JsonPropertyName("f1_std")]
    public double? F1Std { get; init; }

    [JsonPropertyName("accuracy_mean")]
    public double? AccuracyMean { get; init; }

    [JsonPropertyName("accuracy_std")]
    public double? AccuracyStd { get; init; }

    [JsonPropertyName("auroc_mean")]
    public double? AurocMean { get; init; }

    [JsonPropertyName("auroc_std")]
    public double? AurocStd { get; init; }

    [JsonPropertyName("auprc_mean")]
    public double? AuprcMean { get; init; }

    [JsonPropertyName("auprc_std")]
    public double? AuprcStd { get; init; }
}
