using Dagmm.Core.Mixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Mixtures;

public class MixtureParametersTests
{
    [Fact]
    public void Fit_hard_assignments_give_group_moments()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(new[] { 0.0, 1.0, 2.0, 3.0, 7.0 }, [5, 1], ScalarType.Float64);
        var gamma = torch.tensor(new[] { 1.0, 0, 1, 0, 0, 1, 0, 1, 0, 1 }, [5, 2], ScalarType.Float64);

        using var parameters = MixtureParameters.Fit(z, gamma, 1e-12);

        // Component 0 holds {0, 1}: mean 0.5, variance 0.25. Component 1 holds {2, 3, 7}: mean 4, variance 14/3.
        Assert.Equal([0.4, 0.6], parameters.Phi.data<double>().ToArray().Select(v => Math.Round(v, 12)));
        Assert.Equal([0.5, 4.0], parameters.Mu.data<double>().ToArray().Select(v => Math.Round(v, 12)));
        Assert.Equal([0.25, 14.0 / 3], parameters.Covariance.data<double>().ToArray().Select(v => Math.Round(v, 9)), new RoundedComparer(9));
    }

    [Fact]
    public void Fit_soft_assignments_weight_the_moments()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(new[] { 0.0, 2.0 }, [2, 1], ScalarType.Float64);
        var gamma = torch.tensor(new[] { 0.75, 0.25 }, [2, 1], ScalarType.Float64);

        using var parameters = MixtureParameters.Fit(z, gamma, 1e-12);

        // mu = (0.75 * 0 + 0.25 * 2) / 1 = 0.5; Sigma = 0.75 * 0.25 + 0.25 * 2.25 = 0.75
        Assert.Equal(0.5, parameters.Mu.item<double>(), 12);
        Assert.Equal(0.75, parameters.Covariance.item<double>(), 9);
    }

    [Fact]
    public void Fit_singular_covariance_grows_jitter()
    {
        using var scope = torch.NewDisposeScope();
        var gamma = torch.full(64, 2, 0.5, dtype: ScalarType.Float32);

        using var parameters = MixtureParameters.Fit(SingularUnitCoordinates(), gamma, 1e-12);

        Assert.Equal(1e-7, parameters.Jitter, 1e-12);
    }

    [Fact]
    public void FitBatch_jitter_grows_per_run()
    {
        using var scope = torch.NewDisposeScope();
        var singular = SingularUnitCoordinates();
        var regular = RegularUnitCoordinates();
        var gamma = torch.full(64, 2, 0.5, dtype: ScalarType.Float32);

        // FitBatch takes feature-major batches: features [R, D, N] and responsibilities [R, K, N].
        var (batch, _, failures) = MixtureParameters.FitBatch(torch.stack([regular.T, singular.T], 0), torch.stack([gamma.T, gamma.T], 0), 1e-12, [true, true]);
        using var alone = MixtureParameters.Fit(regular, gamma, 1e-12);

        Assert.All(failures, Assert.Null);
        Assert.Equal(1e-7, batch.Jitter, 1e-12);
        // The regular run keeps jitter 1e-12, which leaves its identity covariance unchanged in float32.
        Assert.Equal(alone.CholeskyFactor.data<float>().ToArray(), batch.CholeskyFactor[0].data<float>().ToArray());
        Assert.Equal(1f, batch.CholeskyFactor[0, 0, 1, 1].item<float>());
        Assert.NotEqual(1f, batch.CholeskyFactor[1, 0, 1, 1].item<float>());
    }

    [Fact]
    public void FitBatch_non_finite_run_fails_alone()
    {
        using var scope = torch.NewDisposeScope();
        var regular = RegularUnitCoordinates();
        var broken = regular.clone();
        broken[3, 1] = torch.tensor(float.NaN);
        var gamma = torch.full(64, 2, 0.5, dtype: ScalarType.Float32);

        var (_, _, failures) = MixtureParameters.FitBatch(torch.stack([regular.T, broken.T], 0), torch.stack([gamma.T, gamma.T], 0), 1e-6, [true, true]);

        Assert.Null(failures[0]);
        Assert.Contains("non-finite", failures[1]);
    }

    [Fact]
    public void Energy_constant_coordinate_stays_finite()
    {
        using var scope = torch.NewDisposeScope();
        var z = ConstantSecondCoordinate();
        var gamma = torch.full(64, 2, 0.5, dtype: ScalarType.Float32);

        using var parameters = MixtureParameters.Fit(z, gamma, 1e-6);
        var energy = MixtureEnergy.Compute(new GaussianMixtureDensity(), z, parameters);

        Assert.True(energy.isfinite().all().item<bool>());
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("laplace")]
    [InlineData("student-t")]
    public void Energy_starved_component_stays_finite(string family)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(7);
        var z = torch.randn(64, 3, generator: generator);
        // Component 1 receives no responsibility at all: its weight and mass are exactly zero.
        var gamma = torch.cat([torch.ones(64, 1), torch.zeros(64, 1)], 1);
        MixtureSpec.TryParseFamily(family, out var parsedFamily);
        var density = MixtureDensities.Create(new MixtureSpec(parsedFamily), 2);
        z.requires_grad_(true);

        using var parameters = MixtureParameters.Fit(z, gamma, 1e-6);
        var energy = MixtureEnergy.Compute(density, z, parameters);
        energy.mean().backward();

        Assert.True(energy.isfinite().all().item<bool>(), "energy not finite");
        Assert.True(z.grad!.isfinite().all().item<bool>(), "gradient not finite");
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("laplace")]
    [InlineData("student-t")]
    public void FitBatch_energy_matches_fit_per_run(string family)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        var z = torch.randn([2, 40, 3], generator: generator, dtype: ScalarType.Float64);
        var gamma = torch.rand([2, 40, 2], generator: generator, dtype: ScalarType.Float64);
        gamma = gamma / gamma.sum(dim: -1, keepdim: true);
        MixtureSpec.TryParseFamily(family, out var parsedFamily);
        var density = MixtureDensities.Create(new MixtureSpec(parsedFamily), 2);

        // The batch is feature-major, and the energy reuses the deviations of the fit.
        var (batch, deviations, failures) = MixtureParameters.FitBatch(z.transpose(1, 2), gamma.transpose(1, 2), 1e-6, [true, true]);
        var batchEnergy = MixtureEnergy.OfDeviations(density, deviations, batch);

        Assert.All(failures, Assert.Null);
        Assert.Equal([2L, 40L], batchEnergy.shape);
        for (var run = 0; run < 2; run++)
        {
            using var alone = MixtureParameters.Fit(z[run], gamma[run], 1e-6);
            var energy = MixtureEnergy.Compute(density, z[run], alone);
            Assert.True((batch.Mu[run] - alone.Mu).abs().max().item<double>() < 1e-12, $"mean of run {run}");
            Assert.True((batch.Covariance[run] - alone.Covariance).abs().max().item<double>() < 1e-12, $"covariance of run {run}");
            Assert.True((batchEnergy[run] - energy).abs().max().item<double>() < 1e-10, $"energy of run {run}");
        }
    }

    [Fact]
    public void Fit_non_finite_features_rejected()
    {
        using var scope = torch.NewDisposeScope();
        var z = torch.tensor(new[] { 0.0, double.NaN, 1.0, 2.0 }, [2, 2], ScalarType.Float64);
        var gamma = torch.ones(2, 1, ScalarType.Float64);

        Assert.Throws<SingularCovarianceException>(() => MixtureParameters.Fit(z, gamma, 1e-6));
    }

    private static Tensor ConstantSecondCoordinate()
    {
        using var generator = new Generator(3);
        var first = torch.randn(64, 1, generator: generator);
        var third = torch.randn(64, 1, generator: generator);
        return torch.cat([first, torch.full(64, 1, 0.42f), third], 1);
    }

    private sealed class RoundedComparer(int digits) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Round(x, digits) == Math.Round(y, digits);

        public int GetHashCode(double value) => Math.Round(value, digits).GetHashCode();
    }

    // 64 rows of +-1 values make every sum exact whatever order a CPU's kernels add in. Two
    // identical coordinates give the covariance [[1, 1, 0], [1, 1, 0], [0, 0, 1]] exactly, which
    // stays singular in float32 until the jitter reaches about 1e-7 (1e-12 is lost against 1).
    private static Tensor SingularUnitCoordinates() => torch.cat([Alternating(), Alternating(), InPairs()], 1);

    // Three uncorrelated +-1 coordinates: the covariance is exactly the identity.
    private static Tensor RegularUnitCoordinates() => torch.cat([Alternating(), InPairs(), Alternating() * InPairs()], 1);

    private static Tensor Alternating() => torch.tensor(Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? 1f : -1f).ToArray()).unsqueeze(1);

    private static Tensor InPairs() => torch.tensor(Enumerable.Range(0, 64).Select(i => i % 4 < 2 ? 1f : -1f).ToArray()).unsqueeze(1);
}
