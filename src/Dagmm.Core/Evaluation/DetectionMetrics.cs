namespace Dagmm.Core.Evaluation;

/// <summary>
/// Detection quality on a test split: the threshold metrics at <see cref="Threshold"/>, where a
/// sample is flagged as an anomaly when its energy is strictly greater than the threshold, plus the
/// threshold-free AUROC and AUPRC (average precision).
/// </summary>
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
