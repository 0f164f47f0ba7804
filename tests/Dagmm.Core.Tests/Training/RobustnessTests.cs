using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using Dagmm.Core.Tests.Support;
using Dagmm.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Training;

public class RobustnessTests
{
    [Fact]
    public void Features_all_zero_row_stay_finite()
    {
        using var scope = torch.NewDisposeScope();
        using var network = ThyroidNetwork();
        var batch = BatchWithZeroRow();

        var output = network.forward(batch);

        Assert.True(output.Features.isfinite().all().item<bool>());
    }

    [Fact]
    public void Training_all_zero_rows_keeps_loss_finite()
    {
        using var network = ThyroidNetwork();
        using var train = BatchWithZeroRow();
        var settings = ThyroidSettings() with { Epochs = 5, BatchSize = 16 };

        var loss = new DagmmTrainer(settings).Train(network, train, 1, null, CancellationToken.None);

        Assert.True(double.IsFinite(loss), $"loss = {loss}");
    }

    [Fact]
    public void Diverging_run_fails_with_epoch()
    {
        // Learning rate 1000 makes the loss non-finite within a few epochs.
        var settings = RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Gaussian, 1) with { Epochs = 200, LearningRate = 1000 };

        var result = DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.NotNull(result.FailedEpoch);
        Assert.Contains("epoch", result.Error);
        Assert.Null(result.Metrics);
    }

    [Fact]
    public void Loss_far_above_untrained_fails_run()
    {
        // Clipping and the growing jitter keep the loss of learning rate 10 finite, but it ends
        // about a thousand times above its first step's loss, 136.4.
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1) with { Epochs = 30, LearningRate = 10 };

        var result = DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(30, result.FailedEpoch);
        Assert.StartsWith("the loss grew from 136.4 before training to ", result.Error);
        Assert.Contains("more than 100 times, so the run diverged; lower the learning rate", result.Error);
        Assert.Null(result.Metrics);
    }

    [Fact]
    public void Learning_rate_one_still_succeeds()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1) with { Epochs = 30, LearningRate = 1 };

        var result = DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, result.Status);
    }

    [Theory]
    [InlineData("Expected false to be true, but got false.\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140 (most recent call first):", true)]
    [InlineData("Unknown scalar type", true)]
    [InlineData("value cannot be converted to type float without overflow", false)]
    public void Freed_scalar_errors_are_recognised(string message, bool freedScalar)
    {
        Assert.Equal(freedScalar, DagmmRunner.IsFreedScalarError(new System.Runtime.InteropServices.ExternalException(message)));
    }

    [Fact]
    public void Cancelled_run_stops_without_metrics()
    {
        using var cancellation = new CancellationTokenSource();
        var settings = ThyroidSettings() with { Epochs = 100_000 };
        var progress = new InlineProgress(update =>
        {
            if (update.Epoch == 3)
            {
                cancellation.Cancel();
            }
        });

        var result = DagmmRunner.Run(settings, SharedData.Directory, progress, cancellation.Token);

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal(3, result.EpochsCompleted);
        Assert.Null(result.Metrics);
    }

    [Fact]
    public void Invalid_settings_rejected_before_training()
    {
        var settings = ThyroidSettings() with { Epochs = -1 };

        var error = Assert.Throws<ArgumentException>(() => DagmmRunner.Run(settings, SharedData.Directory, null, CancellationToken.None));

        Assert.Contains("epochs: -1 is negative", error.Message);
    }

    private static RunSettings ThyroidSettings() => RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1);

    private static DagmmNetwork ThyroidNetwork() =>
        new(6, ThyroidSettings(), new GaussianMixtureDensity(), initialisationSeed: 1, dropoutSeed: 2);

    private static Tensor BatchWithZeroRow()
    {
        using var generator = new Generator(11);
        var batch = torch.rand(32, 6, generator: generator);
        batch[0] = torch.zeros(6);
        batch[5] = torch.zeros(6);
        return batch;
    }
}
