using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>Multivariate normal components with full covariance.</summary>
public sealed class GaussianMixtureDensity : IMixtureDensity
{
    public MixtureSpec Spec => MixtureSpec.Gaussian;

    // log N(z | mu_k, Sigma_k) = -1/2 maha_k(z) - D/2 log(2 pi) - 1/2 log det Sigma_k
    public Tensor LogDensityOfDeviations(Tensor deviations, MixtureParameters parameters)
    {
        var dimensions = deviations.shape[^2];
        var squaredMahalanobis = parameters.SquaredMahalanobis(deviations);         // [K, N]
        var logNormaliser = 0.5 * dimensions * Math.Log(2 * Math.PI) + 0.5 * parameters.LogDeterminant();   // [K]
        return -0.5 * squaredMahalanobis - logNormaliser.unsqueeze(-1);
    }

    public IReadOnlyList<double> CurrentNu() => [];
}
