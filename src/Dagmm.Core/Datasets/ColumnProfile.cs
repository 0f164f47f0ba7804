namespace Dagmm.Core.Datasets;

/// <summary>What <see cref="TableInspector"/> found in one column.</summary>
/// <param name="Name">Header of the column, trimmed.</param>
/// <param name="Kind">Type inferred from the cells that are not missing.</param>
/// <param name="MissingCells">Cells that are blank or a missing-value marker; see <see cref="TableInspector.MissingMarkers"/>.</param>
/// <param name="DistinctValues">Distinct present values, counted up to <see cref="TableInspector.MaximumDistinctValues"/>.</param>
/// <param name="Minimum">Smallest value of an Integer or Number column, else null.</param>
/// <param name="Maximum">Largest value of an Integer or Number column, else null.</param>
public sealed record ColumnProfile(
    string Name,
    ColumnKind Kind,
    int MissingCells,
    int DistinctValues,
    double? Minimum,
    double? Maximum)
{
    /// <summary>True when the column has more distinct values than were counted.</summary>
    public bool DistinctValuesCapped => DistinctValues > TableInspector.MaximumDistinctValues;
}
