namespace Dagmm.Core.Evaluation;

/// <summary>
/// Detection quality on a test split: the threshold metrics at <see cref="Threshold"/>, where a
/// sample is flagged as an anomaly when its energy is strictly greater than the threshold, plus the
/// threshold-free AUROC and AUPRC (average precision).
/// </summary>
/// <remarks>
/// Under <see cref="ThresholdProtocol.OracleCount"/> the flagged set is the m highest test energies
/// instead, so samples equal to <see cref="Threshold"/> (the m-th highest energy) can be flagged.
/// </remarks>
public sealed record DetectionMetrics(
    ThresholdProtocol Protocol,
    double Threshold,
    double Precision,
    double Recall,
    double F1,
    double Accuracy,
    double Auroc,
    double Auprc,
    int TruePositives,
    int FalsePositives,
    int TrueNegatives,
    int FalseNegatives);
