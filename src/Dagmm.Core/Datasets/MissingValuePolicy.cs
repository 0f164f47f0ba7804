namespace Dagmm.Core.Datasets;

/// <summary>What the loader of a user's table does with a missing or non-numeric cell in a numeric column.</summary>
public enum MissingValuePolicy
{
    /// <summary>Reject the file with the cell's line and column. The default.</summary>
    Reject,

    /// <summary>Replace the cell with the mean of the column over the training rows of each run.</summary>
    Mean,
}
