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
    public Tensor LogDensityOfDeviations(Tensor deviations, MixtureParameters parameters)
    {
        var scale = (parameters.Variances() / 2).sqrt();                             // [K, D]
        var logNormaliser = (2 * scale).log().sum(dim: -1);                          // [K]
        return -(deviations.abs() / scale.unsqueeze(-1)).sum(dim: -2) - logNormaliser.unsqueeze(-1);
    }

    public IReadOnlyList<double> CurrentNu() => [];
}
