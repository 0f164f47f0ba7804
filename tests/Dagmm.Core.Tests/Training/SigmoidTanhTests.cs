using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Training;

public class SigmoidTanhTests
{
    [Fact]
    public void SigmoidTanh_matches_tanh_values()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.linspace(-30, 30, 600_001);

        var error = (SigmoidTanh.Apply(input) - input.tanh()).abs().max().item<float>();

        Assert.InRange(error, 0f, 2e-7f);
    }

    [Fact]
    public void SigmoidTanh_matches_tanh_gradient()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.linspace(-8, 8, 10_001).requires_grad_(true);
        SigmoidTanh.Apply(input).sum().backward();
        var expected = 1 - input.detach().tanh().square();

        var error = (input.grad! - expected).abs().max().item<float>();

        Assert.InRange(error, 0f, 1e-6f);
    }

    [Fact]
    public void SigmoidTanh_saturates_without_nan()
    {
        using var scope = torch.NewDisposeScope();
        var input = torch.tensor(new[] { float.MinValue, -1e30f, 1e30f, float.MaxValue });

        var output = SigmoidTanh.Apply(input).data<float>().ToArray();

        Assert.Equal([-1f, -1f, 1f, 1f], output);
    }
}
