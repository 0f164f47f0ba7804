namespace Dagmm.Core.Mixtures;

/// <summary>The registry of mixture families: adding a family is one file plus one line here.</summary>
public static class MixtureDensities
{
    public static IMixtureDensity Create(MixtureSpec spec, int components) => spec.Family switch
    {
        MixtureFamily.Gaussian => new GaussianMixtureDensity(),
        MixtureFamily.Laplace => new LaplaceMixtureDensity(),
        MixtureFamily.StudentT => new StudentTMixtureDensity(spec, components),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Family, "unknown mixture family"),
    };
}
