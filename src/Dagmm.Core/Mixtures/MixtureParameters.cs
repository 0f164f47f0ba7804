using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>
/// The moments of a K-component mixture over D-dimensional features, estimated from soft
/// assignments gamma as DAGMM does: phi_k = mean_i gamma_ik, mu_k = sum_i gamma_ik z_i / sum_i gamma_ik,
/// Sigma_k = sum_i gamma_ik (z_i - mu_k)(z_i - mu_k)^T / sum_i gamma_ik.
/// </summary>
public sealed class MixtureParameters : IDisposable
{
    /// <summary>Ratio by which the diagonal jitter grows each time a Cholesky factorisation fails.</summary>
    public const double JitterGrowth = 10.0;

    /// <summary>Largest jitter tried before the covariance is reported as singular.</summary>
    public const double MaximumJitter = 1.0;

    public MixtureParameters(Tensor phi, Tensor mu, Tensor covariance, Tensor choleskyFactor, double jitter)
    {
        Phi = phi;
        Mu = mu;
        Covariance = covariance;
        CholeskyFactor = choleskyFactor;
        Jitter = jitter;
    }

    /// <summary>Mixture weights, [K].</summary>
    public Tensor Phi { get; }

    /// <summary>Component means, [K, D].</summary>
    public Tensor Mu { get; }

    /// <summary>Component covariances including the jitter on the diagonal, [K, D, D].</summary>
    public Tensor Covariance { get; }

    /// <summary>Lower Cholesky factors of <see cref="Covariance"/>, [K, D, D].</summary>
    public Tensor CholeskyFactor { get; }

    /// <summary>The diagonal jitter that made every covariance factorisable.</summary>
    public double Jitter { get; }

    public int Components => (int)Phi.shape[0];

    /// <summary>
    /// Estimates the mixture moments from features <paramref name="z"/> [N, D] and soft assignments
    /// <paramref name="gamma"/> [N, K]. The jitter starts at <paramref name="initialJitter"/> and grows
    /// tenfold until every covariance has a Cholesky factor, so a constant feature or a component with
    /// almost no responsibility still yields finite energies.
    /// </summary>
    /// <exception cref="SingularCovarianceException">The inputs are non-finite, or no jitter up to <see cref="MaximumJitter"/> made a covariance positive-definite.</exception>
    public static MixtureParameters Fit(Tensor z, Tensor gamma, double initialJitter)
    {
        // Component-major layout [K, N, D] keeps every reduction below contiguous. gamma [N, K] is
        // usually a transposed view of the network's [K, N] softmax, so gamma.T costs nothing.
        var responsibilities = gamma.T;                                                           // [K, N]
        var responsibilityMass = responsibilities.sum(dim: 1).clamp_min(1e-12);                  // [K]
        var phi = responsibilities.mean([1L]);                                                    // [K]
        var mu = responsibilities.matmul(z) / responsibilityMass.unsqueeze(1);                    // [K, D]
        var centered = z.unsqueeze(0) - mu.unsqueeze(1);                                          // [K, N, D]
        var weighted = centered * responsibilities.unsqueeze(2);                                  // [K, N, D]
        var scatter = weighted.transpose(1, 2).bmm(centered);                                     // [K, D, D]
        var covariance = scatter / responsibilityMass.view(-1, 1, 1);
        var identity = torch.eye(z.shape[1], dtype: z.dtype, device: z.device);

        // LAPACK's potrf reports a NaN pivot like a non-positive one, so info alone also catches non-finite input.
        for (var jitter = initialJitter; jitter <= MaximumJitter * (1 + 1e-9); jitter *= JitterGrowth)
        {
            var jittered = covariance.add(identity, alpha: jitter);
            var (choleskyFactor, info) = torch.linalg.cholesky_ex(jittered);
            if (!info.ne(0).any().item<bool>())
            {
                return new MixtureParameters(phi, mu, jittered, choleskyFactor, jitter);
            }
        }

        if (!IsFinite(z) || !IsFinite(gamma))
        {
            throw new SingularCovarianceException("the features or soft assignments became non-finite, so the network diverged");
        }

        throw new SingularCovarianceException(
            $"a mixture covariance stayed singular with diagonal jitter up to {MaximumJitter}; the features are degenerate");
    }

    /// <summary>Returns the diagonal of every covariance, [K, D].</summary>
    public Tensor Variances() => Covariance.diagonal(dim1: -2, dim2: -1);

    /// <summary>Returns log det Sigma_k = 2 sum_j log L_kjj, [K].</summary>
    public Tensor LogDeterminant() => 2 * CholeskyFactor.diagonal(dim1: -2, dim2: -1).log().sum(dim: -1);

    /// <summary>
    /// Returns the squared Mahalanobis distance (z_i - mu_k)^T Sigma_k^-1 (z_i - mu_k) as [K, N],
    /// with a triangular solve against the Cholesky factor instead of an inverse.
    /// </summary>
    public Tensor SquaredMahalanobis(Tensor z)
    {
        var centered = z.T.unsqueeze(0) - Mu.unsqueeze(2);                                        // [K, D, N]
        var whitened = torch.linalg.solve_triangular(CholeskyFactor, centered, upper: false);      // [K, D, N]
        return whitened.square().sum(dim: 1);                                                     // [K, N]
    }

    /// <summary>Moves the tensors out of the current dispose scope so they outlive it.</summary>
    public MixtureParameters MoveToOuterDisposeScope()
    {
        Phi.MoveToOuterDisposeScope();
        Mu.MoveToOuterDisposeScope();
        Covariance.MoveToOuterDisposeScope();
        CholeskyFactor.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        Phi.Dispose();
        Mu.Dispose();
        Covariance.Dispose();
        CholeskyFactor.Dispose();
    }

    private static bool IsFinite(Tensor tensor) => tensor.isfinite().all().item<bool>();
}
