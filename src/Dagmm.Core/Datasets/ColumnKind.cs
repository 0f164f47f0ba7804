namespace Dagmm.Core.Datasets;

/// <summary>Type inferred for a table column from its cells that are not missing.</summary>
public enum ColumnKind
{
    /// <summary>Every cell is missing.</summary>
    Empty,

    /// <summary>Every present cell is a whole number such as 42 or -7.</summary>
    Integer,

    /// <summary>Every present cell is a finite number such as 0.5 or 1e-3, and at least one is not whole.</summary>
    Number,

    /// <summary>At least one present cell is not a number, such as "tcp" or "normal.".</summary>
    Text,
}
