using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using Dagmm.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Tests.Training;

public class NetworkTests
{
    [Fact]
    public void Network_kdd_preset_has_paper_layers()
    {
        var settings = RunSettings.ForPreset(DatasetId.Kddcup99, MixtureSpec.Gaussian, 1);
        using var network = new DagmmNetwork(118, settings, new GaussianMixtureDensity(), 1, 2);

        var shapes = network.parameters().Where(parameter => parameter.dim() == 2).Select(parameter => $"{parameter.shape[0]}x{parameter.shape[1]}");

        // 118-60-30-10-1 and its mirror, then the estimation network 3-10-4.
        Assert.Equal(["60x118", "30x60", "10x30", "1x10", "10x1", "30x10", "60x30", "118x60", "10x3", "4x10"], shapes);
    }

    [Fact]
    public void Training_updates_every_layer()
    {
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1) with { Epochs = 3, BatchSize = 64, LearningRate = 1e-2 };
        using var network = new DagmmNetwork(6, settings, new GaussianMixtureDensity(), 1, 2);
        var before = network.parameters().Select(parameter => parameter.detach().clone()).ToList();
        using var generator = new Generator(3);
        using var train = torch.rand(256, 6, generator: generator);

        new DagmmTrainer(settings).Train(network, train, 1, null, CancellationToken.None);

        var after = network.parameters().ToList();
        for (var i = 0; i < before.Count; i++)
        {
            Assert.False(before[i].eq(after[i]).all().item<bool>(), $"parameter {i} of shape [{string.Join(", ", after[i].shape)}] did not change");
        }
    }

    [Fact]
    public void Network_same_seed_same_weights()
    {
        var settings = RunSettings.ForPreset(DatasetId.Arrhythmia, MixtureSpec.Gaussian, 1);
        using var first = new DagmmNetwork(274, settings, new GaussianMixtureDensity(), 42, 7);
        using var second = new DagmmNetwork(274, settings, new GaussianMixtureDensity(), 42, 7);

        var pairs = first.parameters().Zip(second.parameters());

        Assert.All(pairs, pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
    }
}
