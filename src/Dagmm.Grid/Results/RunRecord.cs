using System.Globalization;
using System.Text.Json.Serialization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;
using Parquet.Serialization.Attributes;

namespace Dagmm.Grid.Results;

/// <summary>
/// One row of <c>runs/&lt;run&gt;.parquet</c>: a finished run's main settings, outcome, metrics, timings
/// and where it ran. Column names are snake_case. The metric columns are null unless the run
/// succeeded. The settings columns repeat values of <see cref="SettingsJson"/>, which contains every setting.
/// </summary>
public sealed record RunRecord
{
    [JsonPropertyName("run_key"), ParquetRequired]
    public string RunKey { get; init; } = "";

    [JsonPropertyName("sweep"), ParquetRequired]
    public string Sweep { get; init; } = "";

    /// <summary>Dataset id such as thyroid.</summary>
    [JsonPropertyName("dataset"), ParquetRequired]
    public string Dataset { get; init; } = "";

    /// <summary>Mixture label: gaussian, laplace, student-t-nu4 or student-t-learned.</summary>
    [JsonPropertyName("mixture"), ParquetRequired]
    public string Mixture { get; init; } = "";

    /// <summary>Mixture family: gaussian, laplace or student-t.</summary>
    [JsonPropertyName("family"), ParquetRequired]
    public string Family { get; init; } = "";

    /// <summary>Student-t degrees of freedom as text ("4", "learned"); empty for the other families.</summary>
    [JsonPropertyName("nu"), ParquetRequired]
    public string Nu { get; init; } = "";

    [JsonPropertyName("seed")]
    public int Seed { get; init; }

    [JsonPropertyName("epochs")]
    public int Epochs { get; init; }

    [JsonPropertyName("batch_size")]
    public int BatchSize { get; init; }

    [JsonPropertyName("learning_rate")]
    public double LearningRate { get; init; }

    [JsonPropertyName("lambda_energy")]
    public double LambdaEnergy { get; init; }

    [JsonPropertyName("lambda_covariance")]
    public double LambdaCovariance { get; init; }

    /// <summary>Threshold protocol name, such as pooled-ratio.</summary>
    [JsonPropertyName("threshold"), ParquetRequired]
    public string Threshold { get; init; } = "";

    [JsonPropertyName("anomaly_ratio")]
    public double AnomalyRatio { get; init; }

    /// <summary>min-max or z-score.</summary>
    [JsonPropertyName("scaling"), ParquetRequired]
    public string Scaling { get; init; } = "";

    /// <summary>The cfg part of the run key: shared by the seeds of one configuration.</summary>
    [JsonPropertyName("config"), ParquetRequired]
    public string Config { get; init; } = "";

    /// <summary>The canonical settings JSON (see <see cref="RunSettingsJson"/>).</summary>
    [JsonPropertyName("settings_json"), ParquetRequired]
    public string SettingsJson { get; init; } = "";

    /// <summary>succeeded, failed or cancelled.</summary>
    [JsonPropertyName("status"), ParquetRequired]
    public string Status { get; init; } = "";

    /// <summary>Why the run failed or stopped; null when it succeeded.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The 1-based epoch in which training became non-finite, or null.</summary>
    [JsonPropertyName("failed_epoch")]
    public int? FailedEpoch { get; init; }

    [JsonPropertyName("epochs_completed")]
    public int EpochsCompleted { get; init; }

    [JsonPropertyName("precision")]
    public double? Precision { get; init; }

    [JsonPropertyName("recall")]
    public double? Recall { get; init; }

    [JsonPropertyName("f1")]
    public double? F1 { get; init; }

    [JsonPropertyName("accuracy")]
    public double? Accuracy { get; init; }

    [JsonPropertyName("auroc")]
    public double? Auroc { get; init; }

    /// <summary>Area under the precision-recall curve (average precision).</summary>
    [JsonPropertyName("auprc")]
    public double? Auprc { get; init; }

    /// <summary>The energy threshold; a sample with a greater energy is flagged as an anomaly.</summary>
    [JsonPropertyName("threshold_value")]
    public double? ThresholdValue { get; init; }

    /// <summary>Mean loss of the last completed epoch; null when no epoch completed.</summary>
    [JsonPropertyName("final_loss")]
    public double? FinalLoss { get; init; }

    /// <summary>Wall time of training; a run trained in a batch gets the batch's, which its batch-mates share.</summary>
    [JsonPropertyName("train_seconds")]
    public double TrainSeconds { get; init; }

    [JsonPropertyName("score_seconds")]
    public double ScoreSeconds { get; init; }

    /// <summary>Final nu per component of a learned-nu Student-t mixture, comma-separated; empty otherwise.</summary>
    [JsonPropertyName("learned_nu"), ParquetRequired]
    public string LearnedNu { get; init; } = "";

    /// <summary>The silo that trained the run.</summary>
    [JsonPropertyName("silo"), ParquetRequired]
    public string Silo { get; init; } = "";

    /// <summary>1 for the first dispatch of the run, 2 after one re-dispatch, and so on.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; init; }

    /// <summary>UTC start of the attempt, stored as a Parquet timestamp in microseconds adjusted to UTC.</summary>
    [JsonPropertyName("started_at")]
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public DateTime StartedAt { get; init; }

    /// <summary>UTC end of the attempt, stored like <see cref="StartedAt"/>.</summary>
    [JsonPropertyName("finished_at")]
    [ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public DateTime FinishedAt { get; init; }

    /// <summary>
    /// Builds the row of a finished run. The timestamps are converted to UTC and truncated to whole
    /// microseconds, the resolution of the Parquet column, so a row read back equals the row written.
    /// </summary>
    public static RunRecord Create(
        string sweep,
        SweepRun run,
        RunResult result,
        string silo,
        int attempt,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(silo);

        var settings = run.Settings;
        var metrics = result.Metrics;
        return new RunRecord
        {
            RunKey = run.RunKey,
            Sweep = sweep,
            Dataset = settings.DatasetName,
            Mixture = settings.Mixture.Label,
            Family = settings.Mixture.FamilyName,
            Nu = settings.Mixture.NuText,
            Seed = settings.Seed,
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            LearningRate = settings.LearningRate,
            LambdaEnergy = settings.LambdaEnergy,
            LambdaCovariance = settings.LambdaCovariance,
            Threshold = settings.Threshold.ToName(),
            AnomalyRatio = settings.AnomalyRatio,
            Scaling = settings.Scaling.ToName(),
            Config = RunKeys.ConfigurationHash(settings),
            SettingsJson = RunSettingsJson.Serialize(settings),
            Status = StatusName(result.Status),
            Error = result.Error,
            FailedEpoch = result.FailedEpoch,
            EpochsCompleted = result.EpochsCompleted,
            Precision = metrics?.Precision,
            Recall = metrics?.Recall,
            F1 = metrics?.F1,
            Accuracy = metrics?.Accuracy,
            Auroc = metrics?.Auroc,
            Auprc = metrics?.Auprc,
            ThresholdValue = metrics?.Threshold,
            FinalLoss = double.IsNaN(result.FinalLoss) ? null : result.FinalLoss,
            TrainSeconds = result.TrainSeconds,
            ScoreSeconds = result.ScoreSeconds,
            LearnedNu = string.Join(",", result.LearnedNu.Select(nu => nu.ToString("R", CultureInfo.InvariantCulture))),
            Silo = silo,
            Attempt = attempt,
            StartedAt = ToUtcMicroseconds(startedAt),
            FinishedAt = ToUtcMicroseconds(finishedAt),
        };
    }

    /// <summary>Returns a copy whose threshold columns and metrics come from <paramref name="metrics"/>.</summary>
    public RunRecord WithMetrics(DetectionMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return this with
        {
            Threshold = metrics.Protocol.ToName(),
            ThresholdValue = metrics.Threshold,
            Precision = metrics.Precision,
            Recall = metrics.Recall,
            F1 = metrics.F1,
            Accuracy = metrics.Accuracy,
            Auroc = metrics.Auroc,
            Auprc = metrics.Auprc,
        };
    }

    /// <summary>Returns the status as written in the status column: succeeded, failed or cancelled.</summary>
    public static string StatusName(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "succeeded",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static DateTime ToUtcMicroseconds(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTime(ticks - (ticks % (TimeSpan.TicksPerMillisecond / 1000)), DateTimeKind.Utc);
    }
}
