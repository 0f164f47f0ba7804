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

    /// <summary>Floor of a component's responsibility mass sum_i gamma_ik in the divisions of mu and Sigma.</summary>
    internal const double MassFloor = 1e-12;

    public MixtureParameters(Tensor phi, Tensor mu, Tensor covariance, Tensor choleskyFactor, double jitter)
    {
        Phi = phi;
        Mu = mu;
        Covariance = covariance;
        CholeskyFactor = choleskyFactor;
        Jitter = jitter;
    }

    /// <summary>Mixture weights, [K]; [R, K] for a batch of R runs, and so on for every tensor below.</summary>
    public Tensor Phi { get; }

    /// <summary>Component means, [K, D].</summary>
    public Tensor Mu { get; }

    /// <summary>Component covariances including the jitter on the diagonal, [K, D, D].</summary>
    public Tensor Covariance { get; }

    /// <summary>Lower Cholesky factors of <see cref="Covariance"/>, [K, D, D].</summary>
    public Tensor CholeskyFactor { get; }

    /// <summary>The diagonal jitter that made every covariance factorisable (for a batch, the largest over its runs).</summary>
    public double Jitter { get; }

    public int Components => (int)Phi.shape[^1];

    /// <summary>
    /// Estimates the mixture moments from features <paramref name="z"/> [N, D] and soft assignments
    /// <paramref name="gamma"/> [N, K]. The jitter starts at <paramref name="initialJitter"/> and grows
    /// tenfold until every covariance has a Cholesky factor, so a constant feature or a component with
    /// almost no responsibility still yields finite energies.
    /// </summary>
    /// <exception cref="SingularCovarianceException">The inputs are non-finite, or no jitter up to <see cref="MaximumJitter"/> made a covariance positive-definite.</exception>
    public static MixtureParameters Fit(Tensor z, Tensor gamma, double initialJitter)
    {
        var (phi, mu, covariance, _, _) = Moments(z.transpose(-2, -1), gamma.transpose(-2, -1));
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

        throw SingularError(z, gamma);
    }

    /// <summary>
    /// Fits R independent mixtures at once from feature-major batches: features
    /// <paramref name="featureColumns"/> [R, D, N] and soft assignments <paramref name="responsibilities"/>
    /// [R, K, N]. Each run has a jitter of its own: run r's moments, jitter and factors are the
    /// ones it would get in a batch of any other runs. Runs whose <paramref name="active"/> entry is
    /// false are not checked (a run that already failed or stopped keeps its place in the batch).
    /// Returns the parameters, the deviations z_i - mu_k [R, K, D, N] that the moments were built
    /// from (the energy of the same samples reuses them), and for each run null or why its
    /// covariance stayed singular.
    /// </summary>
    public static (MixtureParameters Parameters, Tensor Deviations, string?[] Failures) FitBatch(Tensor featureColumns, Tensor responsibilities, double initialJitter, IReadOnlyList<bool> active)
    {
        var fit = FitBatchMoments(featureColumns, responsibilities, initialJitter, active);
        return (fit.Parameters, fit.Deviations, fit.Failures);
    }

    /// <summary>
    /// <see cref="FitBatch"/> with the intermediate values that the closed-form gradient of
    /// <see cref="MixtureObjective"/> needs.
    /// </summary>
    internal static BatchFit FitBatchMoments(Tensor featureColumns, Tensor responsibilities, double initialJitter, IReadOnlyList<bool> active)
    {
        var runs = (int)featureColumns.shape[0];
        var (phi, mu, covariance, deviations, responsibilityMass) = Moments(featureColumns, responsibilities);
        var identity = torch.eye(featureColumns.shape[1], dtype: featureColumns.dtype, device: featureColumns.device);
        var jitters = Enumerable.Repeat(initialJitter, runs).ToArray();
        var failures = new string?[runs];
        while (true)
        {
            var jittered = AddJitter(covariance, identity, jitters);
            var (choleskyFactor, info) = torch.linalg.cholesky_ex(jittered);
            var components = (int)info.shape[1];
            var status = info.data<int>().ToArray();                                             // [R * K], 0 where factorised
            var retry = false;
            for (var run = 0; run < runs; run++)
            {
                var factorised = status.AsSpan(run * components, components).IndexOfAnyExcept(0) < 0;
                if (!active[run] || factorised || failures[run] is not null)
                {
                    continue;
                }

                jitters[run] *= JitterGrowth;
                if (jitters[run] > MaximumJitter * (1 + 1e-9))
                {
                    failures[run] = SingularError(featureColumns[run], responsibilities[run]).Message;
                }
                else
                {
                    retry = true;
                }
            }

            if (!retry)
            {
                var largest = Enumerable.Range(0, runs).Where(run => active[run] && failures[run] is null).Select(run => jitters[run]).DefaultIfEmpty(initialJitter).Max();
                return new BatchFit(new MixtureParameters(phi, mu, jittered, choleskyFactor, largest), deviations, failures, covariance, responsibilityMass);
            }
        }
    }

    // Sigma_r + jitter_r I for every run. While every run has the same jitter (every step, unless a
    // covariance needed more), one scaled addition does it; both forms give the same bits.
    private static Tensor AddJitter(Tensor covariance, Tensor identity, double[] jitters)
    {
        if (jitters.All(jitter => jitter == jitters[0]))
        {
            return covariance.add(identity, alpha: jitters[0]);
        }

        using var jitterTensor = torch.tensor(jitters, dtype: covariance.dtype, device: covariance.device);
        return covariance + jitterTensor.view(jitters.Length, 1, 1, 1) * identity;
    }

    /// <summary>Returns the diagonal of every covariance, [K, D] (with a leading run dimension for a batch).</summary>
    public Tensor Variances() => Covariance.diagonal(dim1: -2, dim2: -1);

    /// <summary>Returns log det Sigma_k = 2 sum_j log L_kjj, [K].</summary>
    public Tensor LogDeterminant() => 2 * CholeskyFactor.diagonal(dim1: -2, dim2: -1).log().sum(dim: -1);

    /// <summary>
    /// Returns the deviations z_i - mu_k of samples <paramref name="z"/> [N, D] from every component
    /// mean, as [K, D, N] (with a leading run dimension for a batch). Every family's density
    /// depends on a sample only through them.
    /// </summary>
    public Tensor Deviations(Tensor z) => z.transpose(-2, -1).unsqueeze(-3) - Mu.unsqueeze(-1);

    /// <summary>
    /// Returns the squared Mahalanobis distance d^T Sigma_k^-1 d of deviations
    /// <paramref name="deviations"/> [K, D, N] (see <see cref="Deviations"/>) as [K, N], the
    /// squared length of L_k^-1 d.
    /// </summary>
    /// <remarks>
    /// The inverse of the small D x D factor times the deviations replaces a triangular solve with
    /// N right-hand sides, because training evaluates this every step. On [5, 2, 3, 1024] the solve
    /// took 52 microseconds and the product 10 (a one-off timing).
    /// </remarks>
    public Tensor SquaredMahalanobis(Tensor deviations)
    {
        var identity = torch.eye(CholeskyFactor.shape[^1], dtype: CholeskyFactor.dtype, device: CholeskyFactor.device);
        var inverseFactor = torch.linalg.solve_triangular(CholeskyFactor, identity, upper: false);   // [K, D, D]
        var whitened = inverseFactor.matmul(deviations);                                            // [K, D, N]
        return whitened.square().sum(dim: -2);                                                      // [K, N]
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

    // phi, mu, the covariances without jitter, the deviations and the responsibility mass
    // sum_i gamma_ik (before its floor), from feature-major features [D, N] and responsibilities
    // [K, N] (or batches [R, D, N] and [R, K, N]). With samples along the last dimension every
    // reduction over them is contiguous, and the deviations come out in the [K, D, N] layout that
    // the triangular solve of the energy takes.
    private static (Tensor Phi, Tensor Mu, Tensor Covariance, Tensor Deviations, Tensor ResponsibilityMass) Moments(Tensor featureColumns, Tensor responsibilities)
    {
        var responsibilityMass = responsibilities.sum(dim: -1);                                   // [K]
        var massDivisor = responsibilityMass.clamp_min(MassFloor);
        var phi = responsibilities.mean([-1L]);                                                   // [K]
        var mu = responsibilities.matmul(featureColumns.transpose(-2, -1)) / massDivisor.unsqueeze(-1);   // [K, D]
        var deviations = featureColumns.unsqueeze(-3) - mu.unsqueeze(-1);                         // [K, D, N]
        var weighted = deviations * responsibilities.unsqueeze(-2);                               // [K, D, N]
        var scatter = weighted.matmul(deviations.transpose(-2, -1));                              // [K, D, D]
        var covariance = scatter / massDivisor.unsqueeze(-1).unsqueeze(-1);
        return (phi, mu, covariance, deviations, responsibilityMass);
    }

    private static SingularCovarianceException SingularError(Tensor z, Tensor gamma) =>
        !IsFinite(z) || !IsFinite(gamma)
            ? new SingularCovarianceException("the features or soft assignments became non-finite, so the network diverged")
            : new SingularCovarianceException($"a mixture covariance stayed singular with diagonal jitter up to {MaximumJitter}; the features are degenerate");

    private static bool IsFinite(Tensor tensor) => tensor.isfinite().all().item<bool>();
}

/// <summary>
/// A batch fit of <see cref="MixtureParameters.FitBatchMoments"/>: the parameters, the deviations
/// z_i - mu_k [R, K, D, N], each run's failure or null, the covariances before the jitter
/// [R, K, D, D] and the responsibility masses sum_i gamma_ik [R, K] before their floor.
/// </summary>
internal sealed record BatchFit(MixtureParameters Parameters, Tensor Deviations, string?[] Failures, Tensor UnjitteredCovariance, Tensor ResponsibilityMass);
