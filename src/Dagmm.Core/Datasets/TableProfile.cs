namespace Dagmm.Core.Datasets;

/// <summary>Summary of a user's table, as <see cref="TableInspector"/> reads it.</summary>
/// <param name="FilePath">Full path of the file.</param>
/// <param name="Rows">Data rows, without the header and blank lines.</param>
/// <param name="Columns">One profile per header field, in file order.</param>
/// <param name="LabelColumn">Name of the label column, or null when none was named.</param>
/// <param name="ClassBalance">Rows per present label value, most frequent first; empty without a label column.</param>
/// <param name="Warnings">Findings that a sweep on this table may trip over, such as duplicate names or constant columns.</param>
public sealed record TableProfile(
    string FilePath,
    int Rows,
    IReadOnlyList<ColumnProfile> Columns,
    string? LabelColumn,
    IReadOnlyList<ClassCount> ClassBalance,
    IReadOnlyList<string> Warnings);
