namespace Dagmm.Core.Datasets;

/// <summary>
/// Size of a dataset as one run sees it: <see cref="Rows"/> counts the normal rows plus the
/// anomalies a run uses, and <see cref="AnomalyRatio"/> is Anomalies / Rows.
/// </summary>
public sealed record DatasetSummary(DatasetId Id, int Rows, int Features, int Anomalies, double AnomalyRatio);
