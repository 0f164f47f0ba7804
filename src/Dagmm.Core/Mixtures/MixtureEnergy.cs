using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>The sample energy and covariance penalty shared by every mixture family.</summary>
public static class MixtureEnergy
{
    /// <summary>
    /// Returns E(z_i) = -log sum_k phi_k p_k(z_i) as [N] ([R, N] for a batch of runs), evaluated with log-sum-exp so that tiny
    /// densities do not underflow. A weight phi_k below 1e-12 is clamped so log phi_k stays finite.
    /// </summary>
    public static Tensor Compute(IMixtureDensity density, Tensor z, MixtureParameters parameters) =>
        OfDeviations(density, parameters.Deviations(z), parameters);

    /// <summary>Returns the energy as <see cref="Compute"/> does, from the deviations z_i - mu_k [K, D, N] ([R, K, D, N] for a batch).</summary>
    public static Tensor OfDeviations(IMixtureDensity density, Tensor deviations, MixtureParameters parameters) =>
        -torch.logsumexp(WeightedLogDensity(density, deviations, parameters), dim: -2);

    /// <summary>Smallest mixture weight whose logarithm is taken; a smaller phi_k is raised to it.</summary>
    internal const double WeightFloor = 1e-12;

    /// <summary>Returns log phi_k + log p_k(z_i) as [K, N] ([R, K, N] for a batch), the terms whose log-sum-exp is -E(z_i).</summary>
    internal static Tensor WeightedLogDensity(IMixtureDensity density, Tensor deviations, MixtureParameters parameters)
    {
        var logDensity = density.LogDensityOfDeviations(deviations, parameters);     // [K, N]
        var logWeight = parameters.Phi.clamp_min(WeightFloor).log();                 // [K]
        return logDensity + logWeight.unsqueeze(-1);
    }

    /// <summary>Returns the DAGMM covariance penalty sum_k,j 1 / Sigma_kjj.</summary>
    public static Tensor CovariancePenalty(MixtureParameters parameters) =>
        parameters.Variances().reciprocal().sum();

    /// <summary>Returns the covariance penalty of each run of a batch, [R].</summary>
    public static Tensor CovariancePenaltyPerRun(MixtureParameters parameters) =>
        parameters.Variances().reciprocal().sum([-2L, -1L]);
}
