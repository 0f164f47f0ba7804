namespace Dagmm.Core.Datasets;

/// <summary>Rows that carry one value of the label column.</summary>
public sealed record ClassCount(string Value, int Rows);
