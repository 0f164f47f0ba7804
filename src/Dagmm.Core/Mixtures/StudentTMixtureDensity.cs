using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Mixtures;

/// <summary>
/// Multivariate Student-t components with scale matrix Sigma_k and nu degrees of freedom, either
/// fixed for every component or learned per component as nu_k = 2 + softplus(raw_k), which keeps
/// nu above 2 so every component has a finite covariance.
/// </summary>
public sealed class StudentTMixtureDensity : nn.Module, IMixtureDensity
{
    private const double MinimumNu = 2.0;

    private readonly double _fixedNu;
    private readonly TorchSharp.Modules.Parameter? rawNu;

    /// <summary>Creates the family; <paramref name="spec"/>.Nu is the fixed nu or the starting value of a learned one.</summary>
    public StudentTMixtureDensity(MixtureSpec spec, int components) : this(spec, components, batchRuns: 0)
    {
    }

    /// <summary>
    /// Creates the family for <paramref name="batchRuns"/> runs trained as one batch, with a learned
    /// nu of shape [R, K]; 0 means one run, with a learned nu of shape [K].
    /// </summary>
    internal StudentTMixtureDensity(MixtureSpec spec, int components, int batchRuns) : base(nameof(StudentTMixtureDensity))
    {
        if (spec.Family != MixtureFamily.StudentT)
        {
            throw new ArgumentException($"expected a student-t spec, got {spec.FamilyName}", nameof(spec));
        }

        Spec = spec;
        _fixedNu = spec.Nu;
        if (spec.LearnNu)
        {
            // Inverse of softplus, so the learned nu starts exactly at spec.Nu; above 30 softplus(x) = x in double.
            var excess = spec.Nu - MinimumNu;
            var startRaw = excess > 30 ? excess : Math.Log(Math.Exp(excess) - 1);
            long[] shape = batchRuns > 0 ? [batchRuns, components] : [components];
            rawNu = nn.Parameter(torch.full(shape, startRaw, dtype: ScalarType.Float32));
        }

        RegisterComponents();
    }

    public MixtureSpec Spec { get; }

    /// <summary>The unconstrained parameter behind a learned nu ([K], or [R, K] for a batch), or null when nu is fixed.</summary>
    internal TorchSharp.Modules.Parameter? RawNu => rawNu;

    // log t_k(z) = lgamma((nu+D)/2) - lgamma(nu/2) - D/2 log(nu pi) - 1/2 log det Sigma_k - (nu+D)/2 log(1 + maha_k(z)/nu)
    public Tensor LogDensityOfDeviations(Tensor deviations, MixtureParameters parameters)
    {
        var dimensions = deviations.shape[^2];
        var squaredMahalanobis = parameters.SquaredMahalanobis(deviations);         // [K, N]
        var nu = Nu(parameters.Components, deviations.dtype, deviations.device);   // [K], or [R, K] when learned for a batch
        var halfNuPlusD = (nu + dimensions) / 2;
        var logNormaliser = torch.lgamma(halfNuPlusD) - torch.lgamma(nu / 2)
                            - dimensions / 2.0 * (nu * Math.PI).log()
                            - 0.5 * parameters.LogDeterminant();                       // [K]
        var tail = halfNuPlusD.unsqueeze(-1) * torch.log1p(squaredMahalanobis / nu.unsqueeze(-1));
        return logNormaliser.unsqueeze(-1) - tail;
    }

    public IReadOnlyList<double> CurrentNu()
    {
        using var scope = torch.NewDisposeScope();
        if (rawNu is null)
        {
            return [_fixedNu];
        }

        using var noGrad = torch.no_grad();
        var nu = (nn.functional.softplus(rawNu.to(ScalarType.Float64)) + MinimumNu).data<double>().ToArray();
        return nu;
    }

    /// <summary>Returns nu per component as [K], or [R, K] when learned for a batch of R runs.</summary>
    internal Tensor Nu(int components, ScalarType dtype, Device device)
    {
        if (rawNu is null)
        {
            return torch.full(components, _fixedNu, dtype: dtype, device: device);
        }

        return nn.functional.softplus(rawNu.to(dtype)) + MinimumNu;
    }
}
