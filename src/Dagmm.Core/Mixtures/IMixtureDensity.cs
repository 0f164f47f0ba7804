using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>
/// One mixture family: the log-density of every sample under every component, given the moments
/// that the estimation network's soft assignments produce. A family with trainable parameters
/// (learned Student-t nu) is also a <see cref="nn.Module"/> registered with the network.
/// </summary>
public interface IMixtureDensity
{
    MixtureSpec Spec { get; }

    /// <summary>
    /// Returns log p_k(z_i) as [K, N] (component-major) from the deviations z_i - mu_k
    /// [K, D, N] of <see cref="MixtureParameters.Deviations"/>, or as [R, K, N] for a batch of R
    /// runs' deviations [R, K, D, N] and moments with the same leading dimension.
    /// </summary>
    Tensor LogDensityOfDeviations(Tensor deviations, MixtureParameters parameters);

    /// <summary>Returns the current degrees of freedom per component, or an empty list for families without nu.</summary>
    IReadOnlyList<double> CurrentNu();
}

/// <summary>Evaluates a mixture family on samples rather than on their deviations.</summary>
public static class MixtureDensityExtensions
{
    /// <summary>
    /// Returns log p_k(z_i) as [K, N] for features <paramref name="z"/> [N, D], or as [R, K, N] for
    /// a batch [R, N, D] and moments with the same leading dimension.
    /// </summary>
    public static Tensor ComponentLogDensity(this IMixtureDensity density, Tensor z, MixtureParameters parameters) =>
        density.LogDensityOfDeviations(parameters.Deviations(z), parameters);
}
