using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Training;

public class ReconstructionFeaturesTests
{
    private const double Floor = DagmmNetwork.NormFloor;

    [Fact]
    public void Gradient_matches_composed_operations()
    {
        using var scope = torch.NewDisposeScope();
        var (input, reconstructionValues) = Rows();
        var weights = Weights(input.shape);

        var expected = ComposedGradient(input, reconstructionValues, weights);
        var reconstruction = reconstructionValues.clone().requires_grad_(true);
        var (error, relativeError, cosine) = ReconstructionFeatures.Compute(input, reconstruction, Floor);
        Loss(error, relativeError, cosine, weights).backward();

        var difference = (reconstruction.grad! - expected).abs().max().item<double>();
        Assert.True(difference < 1e-12, $"largest gradient difference {difference}");
    }

    [Fact]
    public void Forward_matches_composed_operations_bit_for_bit()
    {
        using var scope = torch.NewDisposeScope();
        var (input, reconstructionValues) = Rows();
        var reconstruction = reconstructionValues.clone().requires_grad_(true);

        var (error, relativeError, cosine) = ReconstructionFeatures.Compute(input, reconstruction, Floor);
        var (expectedError, expectedRelative, expectedCosine) = Composed(input, reconstructionValues);

        Assert.True(error.detach().equal(expectedError).all().item<bool>());
        Assert.True(relativeError.detach().equal(expectedRelative).all().item<bool>());
        Assert.True(cosine.detach().equal(expectedCosine).all().item<bool>());
    }

    [Fact]
    public void Feature_major_batch_matches_rows()
    {
        using var scope = torch.NewDisposeScope();
        var (input, reconstructionValues) = Rows();
        var weights = Weights(input.shape);
        var expected = ComposedGradient(input, reconstructionValues, weights);
        var (expectedError, expectedRelative, expectedCosine) = Composed(input, reconstructionValues);

        // The batched network's layout: features along the second to last dimension, [R, F, N].
        var reconstruction = reconstructionValues.transpose(1, 2).contiguous().requires_grad_(true);
        var (error, relativeError, cosine) = ReconstructionFeatures.Compute(input.transpose(1, 2).contiguous(), reconstruction, Floor, featureDimension: -2);
        Loss(error, relativeError, cosine, weights).backward();

        Assert.Equal([2L, 4L], error.shape);
        Assert.True((error - expectedError).abs().max().item<double>() < 1e-14);
        Assert.True((relativeError - expectedRelative).abs().max().item<double>() < 1e-14);
        Assert.True((cosine - expectedCosine).abs().max().item<double>() < 1e-14);
        var difference = (reconstruction.grad!.transpose(1, 2) - expected).abs().max().item<double>();
        Assert.True(difference < 1e-12, $"largest gradient difference {difference}");
    }

    [Fact]
    public void Zero_norms_pass_no_norm_gradient()
    {
        using var scope = torch.NewDisposeScope();
        // Row 0: r = x, so e = 0. Row 1: r = 0, so ||r|| = 0 and the cosine's denominator sits at the floor.
        var input = torch.tensor(new double[] { 1, 2, 2, 3, 0, 4 }, [2, 3]);
        var reconstruction = torch.tensor(new double[] { 1, 2, 2, 0, 0, 0 }, [2, 3]).requires_grad_(true);

        var (error, relativeError, cosine) = ReconstructionFeatures.Compute(input, reconstruction, Floor);
        (error + relativeError + cosine).sum().backward();

        // Row 0: only the cosine passes a gradient, x / (||x|| ||r||) - cos r / ||r||^2 with x = r, ||x|| = 3, cos = 1: zero.
        // Row 1: e = ||x|| = 5 passes (1 + 1/5) (r - x) / 5 = -0.24 x, and the clamped cosine only its numerator's x / floor.
        const double Row1Coefficient = 1 / Floor - 0.24;
        var expected = torch.tensor(new double[] { 0, 0, 0, 3 * Row1Coefficient, 0, 4 * Row1Coefficient }, [2, 3]);
        var difference = (reconstruction.grad! - expected).abs().max().item<double>();
        Assert.True(difference <= 1e-12 * 4 / Floor, $"largest difference from the hand-computed gradient {difference}");
        Assert.Equal(0.0, error[0].item<double>());
    }

    [Fact]
    public void Input_that_requires_a_gradient_is_rejected()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.ones(2, 3, dtype: ScalarType.Float64).requires_grad_(true);
        var reconstruction = torch.ones(2, 3, dtype: ScalarType.Float64).requires_grad_(true);

        var error = Assert.Throws<ArgumentException>(() => ReconstructionFeatures.Compute(input, reconstruction, Floor));
        Assert.Contains("must not require a gradient", error.Message);
    }

    // Two runs of four rows of five features in float64, so the comparison tests the math, not float32 rounding.
    private static (Tensor Input, Tensor Reconstruction) Rows()
    {
        using var generator = new Generator(11);
        var input = torch.randn([2, 4, 5], generator: generator, dtype: ScalarType.Float64);
        var reconstruction = input + 0.3 * torch.randn([2, 4, 5], generator: generator, dtype: ScalarType.Float64);
        return (input, reconstruction);
    }

    private static Tensor Weights(long[] shape)
    {
        using var generator = new Generator(12);
        return torch.randn([3, shape[0], shape[1]], generator: generator, dtype: ScalarType.Float64);
    }

    // A loss that weighs every feature of every row differently, so each coefficient of the gradient matters.
    private static Tensor Loss(Tensor error, Tensor relativeError, Tensor cosine, Tensor weights) =>
        (weights[0] * error + weights[1] * relativeError + weights[2] * cosine).sum();

    private static Tensor ComposedGradient(Tensor input, Tensor reconstructionValues, Tensor weights)
    {
        var reconstruction = reconstructionValues.clone().requires_grad_(true);
        var (error, relativeError, cosine) = Composed(input, reconstruction);
        Loss(error, relativeError, cosine, weights).backward();
        return reconstruction.grad!.clone();
    }

    // The features as library operations, which autograd differentiates.
    private static (Tensor Error, Tensor RelativeError, Tensor Cosine) Composed(Tensor input, Tensor reconstruction)
    {
        var inputNorm = Norm(input);
        var error = Norm(input - reconstruction);
        var relativeError = error / inputNorm.clamp_min(Floor);
        var cosine = (input * reconstruction).sum(dim: -1) / (inputNorm * Norm(reconstruction)).clamp_min(Floor);
        return (error, relativeError, cosine);
    }

    private static Tensor Norm(Tensor rows) => rows.square().sum(dim: -1).sqrt();
}
