using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>
/// Components that are products of univariate Laplace densities with scale b_kj = sqrt(Sigma_kjj / 2),
/// so each coordinate has the variance Sigma_kjj that the soft assignments estimate. Only the
/// diagonal of the covariance is used.
/// </summary>
public sealed class LaplaceMixtureDensity : IMixtureDensity
{
    public MixtureSpec Spec => MixtureSpec.Laplace;

    // log p_k(z) = sum_j [ -log(2 b_kj) - |z_j - mu_kj| / b_kj ]
    public Tensor ComponentLogDensity(Tensor z, MixtureParameters parameters)
    {
        var scale = (parameters.Variances() / 2).sqrt();                             // [K, D]
        var absoluteDeviation = (z.unsqueeze(-3) - parameters.Mu.unsqueeze(-2)).abs(); // [K, N, D]
        var logNormaliser = (2 * scale).log().sum(dim: -1);                          // [K]
        return -(absoluteDeviation / scale.unsqueeze(-2)).sum(dim: -1) - logNormaliser.unsqueeze(-1);
    }

    public IReadOnlyList<double> CurrentNu() => [];
}
