namespace Dagmm.Core.Datasets;

/// <summary>Per-feature scaling fitted on the training rows only.</summary>
public enum ScalingKind
{
    /// <summary>(x - min) / (max - min); a constant column maps to 0.</summary>
    MinMax,

    /// <summary>(x - mean) / std; a constant column maps to 0.</summary>
    ZScore,
}
