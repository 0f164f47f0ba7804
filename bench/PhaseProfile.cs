using System.Diagnostics;
using System.Globalization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using Dagmm.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Benchmarks;

/// <summary>
/// Splits the time of one training step into phases (batch gather, network forward, mixture fit
/// and energy, backward, clip and Adam step), the same operations as DagmmTrainer in the same order.
/// </summary>
public static class PhaseProfile
{
    public static void Run(DatasetId dataset, string dataDirectory, int steps)
    {
        var settings = RunSettings.ForPreset(dataset, MixtureSpec.Gaussian, 1);
        var data = PreparedData.Create(DatasetCache.Shared.Get(dataset, dataDirectory), 1, settings.Scaling);
        using var train = data.TrainTensor();
        using var network = new DagmmNetwork(data.FeatureCount, settings, new GaussianMixtureDensity(), 1, 2);
        var parameters = network.OptimizerParameters();
        using var optimizer = torch.optim.Adam(parameters, settings.LearningRate);
        var batchRows = Math.Min(settings.BatchSize, data.TrainRows);
        using var rows = torch.arange(batchRows);
        network.train();

        var phases = new[] { "gather", "forward", "mixture+loss", "backward", "clip+step" };
        var totals = new double[phases.Length];
        var clock = new Stopwatch();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            clock.Restart();
            var batch = train.index_select(0, rows);
            totals[0] += Lap(clock);
            var output = network.forward(batch);
            totals[1] += Lap(clock);
            var mixture = MixtureParameters.Fit(output.Features, output.Gamma, settings.CovarianceJitter);
            var energy = MixtureEnergy.Compute(network.Mixture, output.Features, mixture);
            var loss = output.ReconstructionError.square().mean()
                       + settings.LambdaEnergy * energy.mean() + settings.LambdaCovariance * MixtureEnergy.CovariancePenalty(mixture);
            _ = loss.item<float>();
            totals[2] += Lap(clock);
            network.ZeroGradients();
            loss.backward();
            totals[3] += Lap(clock);
            nn.utils.clip_grad_norm_(parameters, settings.GradientClip);
            optimizer.step();
            totals[4] += Lap(clock);
        }

        Console.WriteLine($"{dataset.ToName()} phases, mean ms per step over {steps} steps:");
        for (var i = 0; i < phases.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {phases[i],-13} {totals[i] / steps:F3}"));
        }
    }

    private static double Lap(Stopwatch clock)
    {
        var milliseconds = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return milliseconds;
    }
}
