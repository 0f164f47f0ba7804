using Dagmm.Core.Mixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Mixtures;

public class MixtureDensityTests
{
    private static readonly double[][] s_samples =
    [
        [0.1, -0.4, 0.7],
        [1.3, 0.2, -0.5],
        [-0.8, 0.9, 0.05],
        [0.0, 0.0, 0.0],
    ];

    private static readonly double[][] s_means = [[0.2, -0.1, 0.3], [-0.5, 0.4, 0.0]];

    private static readonly double[][,] s_covariances =
    [
        new double[,] { { 0.9, 0.2, -0.1 }, { 0.2, 0.5, 0.15 }, { -0.1, 0.15, 0.7 } },
        new double[,] { { 0.3, -0.05, 0.0 }, { -0.05, 0.4, 0.1 }, { 0.0, 0.1, 1.2 } },
    ];

    [Fact]
    public void Gaussian_log_density_matches_closed_form()
    {
        using var scope = torch.NewDisposeScope();
        var logDensity = new GaussianMixtureDensity().ComponentLogDensity(Samples(), Parameters()).data<double>().ToArray();

        for (var i = 0; i < s_samples.Length; i++)
        {
            for (var k = 0; k < 2; k++)
            {
                var expected = ReferenceDensities.GaussianLogDensity(s_samples[i], s_means[k], s_covariances[k]);
                Assert.Equal(expected, logDensity[i * 2 + k], 10);
            }
        }
    }

    [Fact]
    public void StudentT_nu4_matches_closed_form()
    {
        using var scope = torch.NewDisposeScope();
        using var density = new StudentTMixtureDensity(MixtureSpec.StudentT(4), 2);
        var logDensity = density.ComponentLogDensity(Samples(), Parameters()).data<double>().ToArray();

        for (var i = 0; i < s_samples.Length; i++)
        {
            for (var k = 0; k < 2; k++)
            {
                var expected = ReferenceDensities.StudentTNu4LogDensity(s_samples[i], s_means[k], s_covariances[k]);
                Assert.Equal(expected, logDensity[i * 2 + k], 10);
            }
        }
    }

    [Fact]
    public void StudentT_large_nu_matches_gaussian()
    {
        using var scope = torch.NewDisposeScope();
        using var density = new StudentTMixtureDensity(MixtureSpec.StudentT(1e6), 2);
        var studentT = density.ComponentLogDensity(Samples(), Parameters()).data<double>().ToArray();
        var gaussian = new GaussianMixtureDensity().ComponentLogDensity(Samples(), Parameters()).data<double>().ToArray();

        for (var i = 0; i < gaussian.Length; i++)
        {
            Assert.InRange(Math.Abs(studentT[i] - gaussian[i]), 0, 1e-3);
        }
    }

    [Fact]
    public void StudentT_learned_nu_starts_at_requested_value()
    {
        using var density = new StudentTMixtureDensity(MixtureSpec.StudentTLearned, 3);

        var nu = density.CurrentNu();

        Assert.Equal([4.0, 4.0, 4.0], nu.Select(value => Math.Round(value, 5)));
    }

    [Fact]
    public void StudentT_learned_nu_has_one_parameter_per_component()
    {
        using var density = new StudentTMixtureDensity(MixtureSpec.StudentTLearned, 3);

        var parameter = Assert.Single(density.parameters());

        Assert.Equal([3L], parameter.shape);
    }

    [Fact]
    public void Laplace_1d_integrates_to_one()
    {
        using var scope = torch.NewDisposeScope();
        var variance = 0.3;
        var parameters = DiagonalParameters([0.25], [variance]);

        // Trapezoid rule over +-40 scale units, far beyond any mass that matters.
        var scale = Math.Sqrt(variance / 2);
        var grid = torch.linspace(0.25 - 40 * scale, 0.25 + 40 * scale, 400_001, dtype: ScalarType.Float64).unsqueeze(1);
        var density = new LaplaceMixtureDensity().ComponentLogDensity(grid, parameters).exp().squeeze(1);
        var integral = torch.trapezoid(density, grid.squeeze(1)).item<double>();

        Assert.Equal(1.0, integral, 6);
    }

    [Fact]
    public void Laplace_2d_integrates_to_one()
    {
        using var scope = torch.NewDisposeScope();
        var parameters = DiagonalParameters([0.1, -0.2], [0.5, 0.2]);

        // The trapezoid rule errs by O(h^2) around the cusp; Richardson extrapolation over h and h/2 removes that term.
        var coarse = TrapezoidIntegral2d(parameters, 1501);
        var fine = TrapezoidIntegral2d(parameters, 3001);
        var integral = (4 * fine - coarse) / 3;

        Assert.Equal(1.0, integral, 6);
    }

    private static double TrapezoidIntegral2d(MixtureParameters parameters, int pointsPerAxis)
    {
        var axisX = torch.linspace(0.1 - 15, 0.1 + 15, pointsPerAxis, dtype: ScalarType.Float64);
        var axisY = torch.linspace(-0.2 - 10, -0.2 + 10, pointsPerAxis, dtype: ScalarType.Float64);
        var mesh = torch.meshgrid([axisX, axisY], indexing: "ij");
        var points = torch.stack([mesh[0].flatten(), mesh[1].flatten()], 1);
        var density = new LaplaceMixtureDensity().ComponentLogDensity(points, parameters).exp().view(pointsPerAxis, pointsPerAxis);
        return torch.trapezoid(torch.trapezoid(density, axisY, dim: 1), axisX).item<double>();
    }

    [Fact]
    public void Laplace_log_density_matches_closed_form()
    {
        using var scope = torch.NewDisposeScope();
        var parameters = DiagonalParameters([0.5, -1.0], [0.8, 0.18]);
        var point = torch.tensor(new[] { 1.1, -0.7 }, [1, 2], ScalarType.Float64);

        var logDensity = new LaplaceMixtureDensity().ComponentLogDensity(point, parameters).item<double>();

        // b = sqrt(variance / 2): b1 = sqrt(0.4), b2 = 0.3
        var b1 = Math.Sqrt(0.4);
        var expected = -Math.Log(2 * b1) - 0.6 / b1 - Math.Log(0.6) - 0.3 / 0.3;
        Assert.Equal(expected, logDensity, 12);
    }

    [Fact]
    public void Energy_is_negative_log_mixture_density()
    {
        using var scope = torch.NewDisposeScope();
        var parameters = Parameters();
        var energy = MixtureEnergy.Compute(new GaussianMixtureDensity(), Samples(), parameters).data<double>().ToArray();

        var phi = new[] { 0.3, 0.7 };
        for (var i = 0; i < s_samples.Length; i++)
        {
            var density = 0.0;
            for (var k = 0; k < 2; k++)
            {
                density += phi[k] * Math.Exp(ReferenceDensities.GaussianLogDensity(s_samples[i], s_means[k], s_covariances[k]));
            }

            Assert.Equal(-Math.Log(density), energy[i], 10);
        }
    }

    [Fact]
    public void CovariancePenalty_sums_inverse_variances()
    {
        using var scope = torch.NewDisposeScope();

        var penalty = MixtureEnergy.CovariancePenalty(Parameters()).item<double>();

        var expected = 1 / 0.9 + 1 / 0.5 + 1 / 0.7 + 1 / 0.3 + 1 / 0.4 + 1 / 1.2;
        Assert.Equal(expected, penalty, 12);
    }

    private static Tensor Samples() =>
        torch.tensor(s_samples.SelectMany(row => row).ToArray(), [s_samples.Length, 3], ScalarType.Float64);

    private static MixtureParameters Parameters()
    {
        var covariance = torch.stack(s_covariances.Select(c => torch.tensor(c, ScalarType.Float64)).ToArray());
        return new MixtureParameters(
            torch.tensor(new[] { 0.3, 0.7 }, ScalarType.Float64),
            torch.tensor(s_means.SelectMany(row => row).ToArray(), [2, 3], ScalarType.Float64),
            covariance,
            torch.linalg.cholesky(covariance),
            0);
    }

    private static MixtureParameters DiagonalParameters(double[] mean, double[] variance)
    {
        var covariance = torch.diag(torch.tensor(variance, ScalarType.Float64)).unsqueeze(0);
        return new MixtureParameters(
            torch.ones(1, ScalarType.Float64),
            torch.tensor(mean, [1, mean.Length], ScalarType.Float64),
            covariance,
            torch.linalg.cholesky(covariance),
            0);
    }
}
