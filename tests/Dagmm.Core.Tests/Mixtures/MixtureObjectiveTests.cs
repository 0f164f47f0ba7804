using Dagmm.Core.Mixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Mixtures;

public class MixtureObjectiveTests
{
    private const int Runs = 3;
    private const int Components = 2;

    [Theory]
    [InlineData("gaussian")]
    [InlineData("laplace")]
    [InlineData("student-t")]
    [InlineData("student-t-learned")]
    public void Gradient_matches_composed_operations(string family)
    {
        using var scope = torch.NewDisposeScope();
        var density = Density(family);
        var (features, logits) = Inputs(seed: 3);
        var (energyWeights, penaltyWeights) = UpstreamWeights();

        var expected = ComposedGradients(density, features, logits, energyWeights, penaltyWeights);
        var actual = ObjectiveGradients(density, features, logits, energyWeights, penaltyWeights);

        AssertClose(expected.Features, actual.Features, 1e-9, "features");
        AssertClose(expected.Logits, actual.Logits, 1e-9, "soft assignments");
        if (family == "student-t-learned")
        {
            // The raw nu is a float32 parameter, so its gradient is rounded to single precision.
            AssertClose(expected.RawNu!, actual.RawNu!, 1e-5, "raw nu");
        }
    }

    [Theory]
    [InlineData("gaussian")]
    [InlineData("laplace")]
    [InlineData("student-t")]
    public void Values_equal_composed_operations(string family)
    {
        using var scope = torch.NewDisposeScope();
        var density = Density(family);
        var (features, logits) = Inputs(seed: 4);
        var gamma = logits.softmax(1);
        var active = Enumerable.Repeat(true, Runs).ToArray();

        var (meanEnergy, penalty, failures) = MixtureObjective.Compute(density, features.requires_grad_(true), gamma, 1e-6, active);
        var (parameters, deviations, _) = MixtureParameters.FitBatch(features, gamma, 1e-6, active);

        Assert.All(failures, Assert.Null);
        Assert.True(meanEnergy.detach().equal(MixtureEnergy.OfDeviations(density, deviations, parameters).mean([-1L]).detach()).all().item<bool>());
        Assert.True(penalty.detach().equal(MixtureEnergy.CovariancePenaltyPerRun(parameters).detach()).all().item<bool>());
    }

    // A component with (almost) no responsibility has its mass and weight raised to their floors,
    // where the composed operations pass no gradient through the floor.
    [Fact]
    public void Gradient_below_floors_matches_composed()
    {
        using var scope = torch.NewDisposeScope();
        var density = Density("gaussian");
        var (features, _) = Inputs(seed: 5);
        var gamma = torch.stack([torch.ones(Runs, 40, dtype: ScalarType.Float64), torch.full(Runs, 40, 1e-15, dtype: ScalarType.Float64)], 1);
        var (energyWeights, penaltyWeights) = UpstreamWeights();
        var active = Enumerable.Repeat(true, Runs).ToArray();

        var composedFeatures = features.clone().requires_grad_(true);
        var composedGamma = gamma.clone().requires_grad_(true);
        var (parameters, deviations, _) = MixtureParameters.FitBatch(composedFeatures, composedGamma, 1e-6, active);
        var composedEnergy = MixtureEnergy.OfDeviations(density, deviations, parameters).mean([-1L]);
        (energyWeights * composedEnergy + penaltyWeights * MixtureEnergy.CovariancePenaltyPerRun(parameters)).sum().backward();

        var objectiveFeatures = features.clone().requires_grad_(true);
        var objectiveGamma = gamma.clone().requires_grad_(true);
        var (meanEnergy, penalty, _) = MixtureObjective.Compute(density, objectiveFeatures, objectiveGamma, 1e-6, active);
        (energyWeights * meanEnergy + penaltyWeights * penalty).sum().backward();

        AssertClose(composedFeatures.grad!, objectiveFeatures.grad!, 1e-9, "features");
        AssertClose(composedGamma.grad!, objectiveGamma.grad!, 1e-9, "soft assignments");
    }

    [Fact]
    public void Run_gradient_ignores_batch_mates()
    {
        using var scope = torch.NewDisposeScope();
        var density = Density("student-t");
        var (features, logits) = Inputs(seed: 6);
        var (energyWeights, penaltyWeights) = UpstreamWeights();
        var batch = ObjectiveGradients(density, features, logits, energyWeights, penaltyWeights);

        var alone = ObjectiveGradients(density, features[..1], logits[..1], energyWeights[..1], penaltyWeights[..1]);

        Assert.True(alone.Features.equal(batch.Features[..1]).all().item<bool>(), "feature gradient of run 0");
        Assert.True(alone.Logits.equal(batch.Logits[..1]).all().item<bool>(), "soft assignment gradient of run 0");
    }

    [Fact]
    public void Diverged_run_fails_alone()
    {
        using var scope = torch.NewDisposeScope();
        var density = Density("gaussian");
        var (features, logits) = Inputs(seed: 7);
        features[1, 0, 0] = torch.tensor(double.NaN, dtype: ScalarType.Float64);

        var (_, _, failures) = MixtureObjective.Compute(density, features.requires_grad_(true), logits.softmax(1), 1e-6, [true, true, true]);

        Assert.Null(failures[0]);
        Assert.Equal("the features or soft assignments became non-finite, so the network diverged", failures[1]);
        Assert.Null(failures[2]);
    }

    // Two of the four features nearly repeat the other two, so the covariances are close to
    // singular and float32 loses most digits whichever way the gradient is computed. The closed
    // form must lose no more than the composed operations do (both against double precision).
    // With u = Sigma^-1 d taken from the explicit precision instead of the inverse factor twice,
    // the soft-assignment error was 3.1 times the composed one, and this test failed.
    [Fact]
    public void Single_precision_error_near_singular_matches_composed()
    {
        using var scope = torch.NewDisposeScope();
        var density = Density("student-t");
        using var generator = new Generator(11);
        var features = torch.randn([Runs, 4, 40], generator: generator, dtype: ScalarType.Float64);
        features[.., 2] = features[.., 0] + 0.01 * features[.., 2];
        features[.., 3] = features[.., 1] * 0.5 + 0.01 * features[.., 3];
        var logits = torch.randn([Runs, Components, 40], generator: generator, dtype: ScalarType.Float64) * 2;
        var (energyWeights, penaltyWeights) = UpstreamWeights();
        var reference = ComposedGradients(density, features, logits, energyWeights, penaltyWeights);

        var (features32, logits32, energyWeights32, penaltyWeights32) = (features.to(ScalarType.Float32), logits.to(ScalarType.Float32), energyWeights.to(ScalarType.Float32), penaltyWeights.to(ScalarType.Float32));
        var composed = ComposedGradients(density, features32, logits32, energyWeights32, penaltyWeights32);
        var objective = ObjectiveGradients(density, features32, logits32, energyWeights32, penaltyWeights32);

        Assert.True(RelativeError(objective.Features, reference.Features) <= 2 * RelativeError(composed.Features, reference.Features), "feature gradient");
        Assert.True(RelativeError(objective.Logits, reference.Logits) <= 2 * RelativeError(composed.Logits, reference.Logits), "soft assignment gradient");
    }

    private static IMixtureDensity Density(string family) => family switch
    {
        "student-t-learned" => MixtureDensities.Create(new MixtureSpec(MixtureFamily.StudentT, 4.0, LearnNu: true), Components, Runs),
        _ => MixtureDensities.Create(MixtureSpec.TryParseFamily(family, out var parsed) ? new MixtureSpec(parsed) : throw new ArgumentException(family), Components, Runs),
    };

    // Feature-major features [R, D, N] and logits [R, K, N] of soft assignments, in double precision.
    private static (Tensor Features, Tensor Logits) Inputs(int seed)
    {
        using var generator = new Generator((ulong)seed);
        var features = torch.randn([Runs, 3, 40], generator: generator, dtype: ScalarType.Float64);
        features[.., 2] = features[.., 2] * 0.3 + features[.., 0] * 0.8;
        var logits = torch.randn([Runs, Components, 40], generator: generator, dtype: ScalarType.Float64) * 2;
        return (features, logits);
    }

    // Per-run weights of the mean energy and the penalty in the loss, so each output's gradient counts.
    private static (Tensor Energy, Tensor Penalty) UpstreamWeights() =>
        (torch.tensor(new[] { 0.1, 0.7, 1.3 }, dtype: ScalarType.Float64), torch.tensor(new[] { 0.005, 0.002, 0.0 }, dtype: ScalarType.Float64));

    private static (Tensor Features, Tensor Logits, Tensor? RawNu) ComposedGradients(IMixtureDensity density, Tensor features, Tensor logits, Tensor energyWeights, Tensor penaltyWeights)
    {
        var trackedFeatures = features.clone().requires_grad_(true);
        var trackedLogits = logits.clone().requires_grad_(true);
        var active = Enumerable.Repeat(true, (int)features.shape[0]).ToArray();
        var (parameters, deviations, _) = MixtureParameters.FitBatch(trackedFeatures, trackedLogits.softmax(1), 1e-6, active);
        var meanEnergy = MixtureEnergy.OfDeviations(density, deviations, parameters).mean([-1L]);
        (energyWeights * meanEnergy + penaltyWeights * MixtureEnergy.CovariancePenaltyPerRun(parameters)).sum().backward();
        return (trackedFeatures.grad!, trackedLogits.grad!, TakeRawNuGradient(density));
    }

    private static (Tensor Features, Tensor Logits, Tensor? RawNu) ObjectiveGradients(IMixtureDensity density, Tensor features, Tensor logits, Tensor energyWeights, Tensor penaltyWeights)
    {
        var trackedFeatures = features.clone().requires_grad_(true);
        var trackedLogits = logits.clone().requires_grad_(true);
        var active = Enumerable.Repeat(true, (int)features.shape[0]).ToArray();
        var (meanEnergy, penalty, failures) = MixtureObjective.Compute(density, trackedFeatures, trackedLogits.softmax(1), 1e-6, active);
        Assert.All(failures, Assert.Null);
        (energyWeights * meanEnergy + penaltyWeights * penalty).sum().backward();
        return (trackedFeatures.grad!, trackedLogits.grad!, TakeRawNuGradient(density));
    }

    // Copies the learned nu's gradient and clears it, so the next backward pass starts from zero.
    private static Tensor? TakeRawNuGradient(IMixtureDensity density)
    {
        if (density is not StudentTMixtureDensity { RawNu.grad: { } gradient })
        {
            return null;
        }

        var copy = gradient.clone();
        gradient.zero_();
        return copy;
    }

    // The largest difference from the reference, relative to the reference's largest magnitude.
    private static double RelativeError(Tensor actual, Tensor reference) =>
        (actual.to(ScalarType.Float64) - reference).abs().max().item<double>() / reference.abs().max().item<double>();

    private static void AssertClose(Tensor expected, Tensor actual, double relativeTolerance, string quantity)
    {
        var scale = expected.abs().max().to(ScalarType.Float64).item<double>();
        var difference = (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max().item<double>();
        Assert.True(scale > 0, $"{quantity}: the expected gradient is zero, so the comparison proves nothing");
        Assert.True(difference <= relativeTolerance * scale, $"{quantity}: largest difference {difference} against a largest gradient of {scale}");
    }
}
