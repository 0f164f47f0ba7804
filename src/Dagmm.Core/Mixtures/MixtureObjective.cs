using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>
/// The mixture terms of the DAGMM loss for a batch of R runs: each run's mean sample energy and
/// its covariance penalty, with a gradient written in closed form.
/// </summary>
/// <remarks>
/// Composed of library operations, the fit of the moments and the energy leave about 50 nodes in
/// the autograd graph, and their backward pass walks the [R, K, D, N] deviations many times. On
/// thyroid's small batches (D = 3, K = 2) it is the count of operations that costs, not the
/// arithmetic: the mixture took 1.4 ms of a 3.3 ms step of 5 runs. On such a batch the backward
/// pass below took 0.47 ms against 0.82 ms for the composed operations (a one-off timing, Gaussian
/// mixture). With the posterior weights w_ik = phi_k p_k(z_i) / sum_j phi_j p_j(z_i) and the
/// upstream gradient g of the mean energy, every family supplies dL/d(z_i - mu_k) and
/// dL/dSigma_k; the chain rule through the moments is shared:
/// dL/dz_i = sum_k [dL/dd_ik + gamma_ik (2 H_k d_ik + G_mu_k / m_k)] and
/// dL/dgamma_ik = d_ik^T (H_k d_ik + G_mu_k / m_k) - tr(H_k S_k) + G_phi_k / N, where
/// m_k = sum_i gamma_ik, H_k = G_Sigma_k / m_k and S_k is the covariance before the jitter. The
/// covariance's own dependence on mu passes nothing, because sum_i gamma_ik d_ik = 0 (unless m_k
/// is below its floor, which the backward pass handles apart).
/// </remarks>
public static class MixtureObjective
{
    /// <summary>
    /// Fits the R mixtures of features <paramref name="featureColumns"/> [R, D, N] and soft
    /// assignments <paramref name="responsibilities"/> [R, K, N] as
    /// <see cref="MixtureParameters.FitBatch"/> does, and returns each run's mean energy [R], its
    /// covariance penalty [R] and its failure (or null). The values equal those of
    /// <see cref="MixtureEnergy.OfDeviations"/> and <see cref="MixtureEnergy.CovariancePenaltyPerRun"/>.
    /// </summary>
    public static (Tensor MeanEnergy, Tensor CovariancePenalty, string?[] Failures) Compute(
        IMixtureDensity density, Tensor featureColumns, Tensor responsibilities, double initialJitter, IReadOnlyList<bool> active)
    {
        var rawNu = (density as StudentTMixtureDensity)?.RawNu;
        var tracked = torch.is_grad_enabled()
                      && (featureColumns.requires_grad || responsibilities.requires_grad || rawNu is not null);
        if (!tracked)
        {
            var values = Evaluate(density, featureColumns, responsibilities, initialJitter, active);
            return (values.MeanEnergy, values.Penalty, values.Fit.Failures);
        }

        var failures = new FailureSlot();
        var outputs = Function.apply(featureColumns, responsibilities, (Tensor?)rawNu, density, initialJitter, active, failures);
        return (outputs[0], outputs[1], failures.Failures);
    }

    // The fit, the weighted log-densities log phi_k + log p_k(z_i) [R, K, N], each run's mean energy and its penalty.
    private static (BatchFit Fit, Tensor Weighted, Tensor MeanEnergy, Tensor Penalty) Evaluate(
        IMixtureDensity density, Tensor featureColumns, Tensor responsibilities, double initialJitter, IReadOnlyList<bool> active)
    {
        var fit = MixtureParameters.FitBatchMoments(featureColumns, responsibilities, initialJitter, active);
        var weighted = MixtureEnergy.WeightedLogDensity(density, fit.Deviations, fit.Parameters);
        var energy = -torch.logsumexp(weighted, dim: -2);                                           // [R, N]
        return (fit, weighted, energy.mean([-1L]), MixtureEnergy.CovariancePenaltyPerRun(fit.Parameters));
    }

    // Carries the failures out of the autograd function's forward pass, which returns only tensors.
    private sealed class FailureSlot
    {
        public string?[] Failures { get; set; } = [];
    }

    private sealed class Function : torch.autograd.MultiTensorFunction<Function>
    {
        private const string DensityKey = "density";
        private const string FloorsKey = "floors";

        public override string Name => nameof(MixtureObjective);

        public override List<Tensor> forward(torch.autograd.AutogradContext ctx, params object[] vars)
        {
            var (featureColumns, responsibilities, density) = ((Tensor)vars[0], (Tensor)vars[1], (IMixtureDensity)vars[3]);
            var (initialJitter, active, failures) = ((double)vars[4], (IReadOnlyList<bool>)vars[5], (FailureSlot)vars[6]);
            var (fit, weighted, meanEnergy, penalty) = Evaluate(density, featureColumns, responsibilities, initialJitter, active);
            failures.Failures = fit.Failures;
            var parameters = fit.Parameters;
            ctx.save_for_backward([featureColumns, responsibilities, weighted, fit.Deviations, parameters.Phi, parameters.Mu,
                parameters.Covariance, parameters.CholeskyFactor, fit.UnjitteredCovariance, fit.ResponsibilityMass]);
            ctx.save_data(DensityKey, density);
            ctx.save_data(FloorsKey, FloorsMayBeReached(fit.ResponsibilityMass, featureColumns.shape[^1]));
            return [meanEnergy, penalty];
        }

        public override List<Tensor> backward(torch.autograd.AutogradContext ctx, List<Tensor> gradOutputs)
        {
            var saved = ctx.get_saved_variables();
            var (featureColumns, responsibilities, weighted, deviations) = (saved[0], saved[1], saved[2], saved[3]);
            var (phi, mu, covariance, choleskyFactor, unjittered, mass) = (saved[4], saved[5], saved[6], saved[7], saved[8], saved[9]);
            var density = (IMixtureDensity)ctx.get_data(DensityKey);
            var (energyGradient, penaltyGradient) = (gradOutputs[0], gradOutputs[1]);                // [R], [R]
            var runs = featureColumns.shape[0];
            var samples = featureColumns.shape[^1];

            // dL/d log(phi_k p_k(z_i)) = -W_ik: the posterior weights times g / N.
            var posteriorWeight = weighted.softmax(-2) * (energyGradient / samples).view(runs, 1, 1);  // [R, K, N]
            var weightMass = posteriorWeight.sum(dim: -1);                                            // [R, K]

            // The penalty sum_kj 1 / Sigma_kjj adds -g_P / Sigma_kjj^2 on the diagonal.
            var variances = covariance.diagonal(dim1: -2, dim2: -1);                                  // [R, K, D]
            var penaltyOnVariances = -penaltyGradient.view(runs, 1, 1) / variances.square();

            var (deviationGradient, covarianceGradient, rawNuGradient) = density switch
            {
                LaplaceMixtureDensity => LaplaceGradients(deviations, variances, posteriorWeight, weightMass, penaltyOnVariances),
                _ => MahalanobisGradients(density, deviations, choleskyFactor, posteriorWeight, weightMass, penaltyOnVariances),
            };

            // Through phi_k = mean_i gamma_ik, mu_k = sum_i gamma_ik z_i / m_k and Sigma_k = S_k / m_k (+ jitter).
            var phiGradient = -weightMass / phi;                                                      // [R, K]
            var deviationSum = -deviationGradient.sum(dim: -1);                                      // [R, K, D], G_mu
            Tensor scaledCovarianceGradient, meanGradient, componentTerm;
            if ((bool)ctx.get_data(FloorsKey))
            {
                // log phi_k's floor passes nothing, as clamp_min does; a mass below its floor is a constant divisor.
                phiGradient = phiGradient.masked_fill(phi.lt(MixtureEnergy.WeightFloor), 0);
                var massTracked = mass.ge(MixtureParameters.MassFloor);                               // [R, K]
                var massDivisor = mass.clamp_min(MixtureParameters.MassFloor).unsqueeze(-1);          // [R, K, 1]
                scaledCovarianceGradient = covarianceGradient / massDivisor.unsqueeze(-1);            // [R, K, D, D], H
                meanGradient = (deviationSum - CovarianceThroughMean(scaledCovarianceGradient, mass, massDivisor, mu)) / massDivisor;
                componentTerm = phiGradient / samples - (scaledCovarianceGradient * unjittered).sum([-2L, -1L]) * massTracked
                                + MassFloorCorrection(meanGradient, mu, massTracked);
            }
            else
            {
                var massColumn = mass.unsqueeze(-1);                                                  // [R, K, 1]
                scaledCovarianceGradient = covarianceGradient / massColumn.unsqueeze(-1);
                meanGradient = deviationSum / massColumn;                                             // [R, K, D], G_mu / m
                componentTerm = phiGradient / samples - (scaledCovarianceGradient * unjittered).sum([-2L, -1L]);
            }

            var transformed = scaledCovarianceGradient.matmul(deviations);                            // [R, K, D, N]
            var featureGradient = (deviationGradient
                                   + responsibilities.unsqueeze(2) * (2 * transformed + meanGradient.unsqueeze(-1))).sum(dim: 1);
            var responsibilityGradient = (deviations * (transformed + meanGradient.unsqueeze(-1))).sum(dim: 2) + componentTerm.unsqueeze(-1);

            return [featureGradient, responsibilityGradient, rawNuGradient!, null!, null!, null!, null!];
        }

        // False when every responsibility mass is at least twice both floors (phi_k = m_k / N): then
        // neither floor applies, and the backward pass skips their masks and corrections.
        private static bool FloorsMayBeReached(Tensor mass, long samples)
        {
            var bound = 2 * Math.Max(MixtureParameters.MassFloor, MixtureEnergy.WeightFloor * samples);
            var smallest = mass.dtype == ScalarType.Float64 ? mass.data<double>().ToArray().Min() : mass.data<float>().ToArray().Min();
            return !(smallest >= bound);
        }

        // Sigma_k = S_k / m_k depends on mu_k through d_ik, which passes -2 H_k sum_i gamma_ik d_ik to
        // mu_k. The sum is zero, except for a mass below its floor: then mu_k = sum_i gamma_ik z_i / floor
        // and the sum is (floor - m_k) mu_k.
        private static Tensor CovarianceThroughMean(Tensor scaledCovarianceGradient, Tensor mass, Tensor massDivisor, Tensor mu)
        {
            var weightedDeviationSum = (massDivisor - mass.unsqueeze(-1)) * mu;                       // [R, K, D]
            return 2 * (scaledCovarianceGradient * weightedDeviationSum.unsqueeze(-2)).sum(dim: -1);
        }

        // A mass below its floor is a constant divisor, so the mean passes gamma's gradient as z_i
        // rather than z_i - mu_k: the difference is G_mu_k . mu_k / m_k on those components.
        private static Tensor MassFloorCorrection(Tensor meanGradient, Tensor mu, Tensor massTracked) =>
            (meanGradient * mu).sum(dim: -1) * massTracked.logical_not();

        // Gaussian and Student-t densities depend on d = z_i - mu_k through q = d^T Sigma^-1 d and on
        // log det Sigma_k. With u = Sigma^-1 d and s = d log p / dq: d log p / dd = 2 s u and
        // d log p / dSigma = -s u u^T - Sigma^-1 / 2. The Gaussian has s = -1/2 and the Student-t
        // s = -(nu + D) / (2 (nu + q)).
        private static (Tensor Deviation, Tensor Covariance, Tensor? RawNu) MahalanobisGradients(
            IMixtureDensity density, Tensor deviations, Tensor choleskyFactor, Tensor posteriorWeight, Tensor weightMass, Tensor penaltyOnVariances)
        {
            var dimensions = deviations.shape[^2];
            // u = L^-T (L^-1 d), not the explicit precision times d: in float32 that product lost
            // enough accuracy on near-singular covariances that 3 of 5 arrhythmia runs with a learned
            // nu diverged, against none of 10 arrhythmia Student-t runs this way. cholesky_solve is
            // as accurate, but took 79 microseconds on [5, 2, 3, 1024], and with it a step of 5
            // thyroid runs took about 0.03 ms more per run.
            var identity = torch.eye(choleskyFactor.shape[^1], dtype: choleskyFactor.dtype, device: choleskyFactor.device);
            var inverseFactor = torch.linalg.solve_triangular(choleskyFactor, identity, upper: false);        // [R, K, D, D], L^-1
            var solved = inverseFactor.transpose(-2, -1).matmul(inverseFactor.matmul(deviations));          // [R, K, D, N], u = Sigma^-1 d
            var precision = choleskyFactor.cholesky_inverse();                                        // [R, K, D, D]
            Tensor? rawNuGradient = null;

            // alpha = -2 s W, so that dL/dd = alpha u.
            var alpha = posteriorWeight;
            if (density is StudentTMixtureDensity studentT)
            {
                var components = deviations.shape[1];
                var nu = studentT.Nu((int)components, deviations.dtype, deviations.device);
                var nuColumn = nu.unsqueeze(-1);                                                      // [K, 1] or [R, K, 1]
                var squaredMahalanobis = (deviations * solved).sum(dim: -2);                        // [R, K, N]
                alpha = posteriorWeight * (nuColumn + dimensions) / (nuColumn + squaredMahalanobis);
                if (studentT.RawNu is { } rawNu)
                {
                    // d log p / dnu = psi((nu+D)/2)/2 - psi(nu/2)/2 - D/(2 nu) - log(1 + q/nu)/2 + (nu+D) q / (2 nu (nu + q)).
                    var constant = (torch.special.digamma((nu + dimensions) / 2) - torch.special.digamma(nu / 2) - dimensions / nu) / 2;
                    var perSample = (nuColumn + dimensions) * squaredMahalanobis / (2 * nuColumn * (nuColumn + squaredMahalanobis))
                                    - torch.log1p(squaredMahalanobis / nuColumn) / 2;
                    var nuGradient = -(constant * weightMass + (posteriorWeight * perSample).sum(dim: -1));
                    // nu = 2 + softplus(raw), and softplus'(raw) = sigmoid(raw).
                    rawNuGradient = (nuGradient * torch.sigmoid(rawNu.to(nu.dtype))).to(rawNu.dtype);
                }
            }

            var deviationGradient = alpha.unsqueeze(2) * solved;                                    // [R, K, D, N]
            var covarianceGradient = -0.5 * (solved * alpha.unsqueeze(2)).matmul(solved.transpose(-2, -1))
                                     + 0.5 * weightMass.unsqueeze(-1).unsqueeze(-1) * precision
                                     + penaltyOnVariances.diag_embed();
            return (deviationGradient, covarianceGradient, rawNuGradient);
        }

        // Laplace: log p = sum_j [-log(2 b_j) - |d_j| / b_j] with b_j = sqrt(Sigma_jj / 2), so
        // d log p / dd_j = -sign(d_j) / b_j and d log p / dSigma_jj = (|d_j| / b_j - 1) / (4 b_j^2).
        private static (Tensor Deviation, Tensor Covariance, Tensor? RawNu) LaplaceGradients(
            Tensor deviations, Tensor variances, Tensor posteriorWeight, Tensor weightMass, Tensor penaltyOnVariances)
        {
            var scale = (variances / 2).sqrt().unsqueeze(-1);                                        // [R, K, D, 1]
            var weightColumn = posteriorWeight.unsqueeze(2);                                          // [R, K, 1, N]
            var deviationGradient = weightColumn * deviations.sign() / scale;
            var weightedAbsolute = (weightColumn * deviations.abs()).sum(dim: -1);                    // [R, K, D]
            var scaleSquared = scale.squeeze(-1).square();
            var onVariances = (weightMass.unsqueeze(-1) - weightedAbsolute / scale.squeeze(-1)) / (4 * scaleSquared);
            return (deviationGradient, (onVariances + penaltyOnVariances).diag_embed(), null);
        }
    }
}
