namespace Dagmm.Core.Mixtures;

/// <summary>The registry of mixture families: adding a family is one file plus one line here.</summary>
public static class MixtureDensities
{
    public static IMixtureDensity Create(MixtureSpec spec, int components) => Create(spec, components, batchRuns: 0);

    /// <summary>Creates the family for <paramref name="batchRuns"/> runs trained as one batch (0: one run).</summary>
    internal static IMixtureDensity Create(MixtureSpec spec, int components, int batchRuns) => spec.Family switch
    {
        MixtureFamily.Gaussian => new GaussianMixtureDensity(),
        MixtureFamily.Laplace => new LaplaceMixtureDensity(),
        MixtureFamily.StudentT => new StudentTMixtureDensity(spec, components, batchRuns),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Family, "unknown mixture family"),
    };
}
