using Dagmm.Core.Evaluation;

namespace Dagmm.Core.Training;

public enum RunStatus
{
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// The outcome of one run. A failed run carries <see cref="Error"/> and, when training diverged,
/// <see cref="FailedEpoch"/>; its <see cref="Metrics"/> is null, so no NaN metric ever looks like a success.
/// </summary>
public sealed record RunResult
{
    public required RunSettings Settings { get; init; }

    public required RunStatus Status { get; init; }

    public string? Error { get; init; }

    /// <summary>The 1-based epoch in which training became non-finite, or null.</summary>
    public int? FailedEpoch { get; init; }

    public int EpochsCompleted { get; init; }

    public DetectionMetrics? Metrics { get; init; }

    /// <summary>Mean loss of the last completed epoch; NaN when no epoch ran.</summary>
    public double FinalLoss { get; init; } = double.NaN;

    /// <summary>Wall time of training; for a run trained in a batch, the batch's, shared by all its runs.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Seconds spent fitting the mixture on the whole training split and computing every energy.</summary>
    public double ScoreSeconds { get; init; }

    /// <summary>The final nu per component for a learned-nu Student-t mixture, otherwise empty.</summary>
    public IReadOnlyList<double> LearnedNu { get; init; } = [];

    /// <summary>Energies of every training and test sample; null when the run failed before scoring.</summary>
    public SampleScores? Scores { get; init; }
}

/// <summary>
/// Per-sample energies of one run. Index i describes the dataset row <see cref="SampleIndex"/>[i];
/// rows with <see cref="IsTrain"/> set are the training split, the others the test split.
/// </summary>
public sealed record SampleScores(int[] SampleIndex, bool[] IsAnomaly, double[] Energy, bool[] IsTrain);

/// <summary>Progress of a training run, reported once per epoch.</summary>
public readonly record struct TrainingProgress(int Epoch, int TotalEpochs, double MeanLoss);
