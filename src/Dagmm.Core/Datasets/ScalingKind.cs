namespace Dagmm.Core.Datasets;

/// <summary>Per-feature scaling fitted on the training rows only.</summary>
public enum ScalingKind
{
    /// <summary>(x - min) / (max - min). A column that is constant on the training rows maps to 0 there.</summary>
    MinMax,

    /// <summary>(x - mean) / std, with the population std. A column that is constant on the training rows maps to 0 there.</summary>
    ZScore,
}
