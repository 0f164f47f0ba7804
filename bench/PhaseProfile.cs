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
/// It also counts the tensors each phase creates on the .NET side, which is the number of tensor
/// operations issued through TorchSharp (views included). Backward runs inside libtorch, so it
/// creates none there.
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

        var clock = new PhaseClock();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            clock.StartStep(scope);
            var batch = train.index_select(0, rows);
            clock.EndPhase(0);
            var output = network.forward(batch);
            clock.EndPhase(1);
            var mixture = MixtureParameters.Fit(output.Features, output.Gamma, settings.CovarianceJitter);
            var energy = MixtureEnergy.Compute(network.Mixture, output.Features, mixture);
            var loss = output.ReconstructionError.square().mean()
                       + settings.LambdaEnergy * energy.mean() + settings.LambdaCovariance * MixtureEnergy.CovariancePenalty(mixture);
            _ = loss.item<float>();
            clock.EndPhase(2);
            network.ZeroGradients();
            loss.backward();
            clock.EndPhase(3);
            nn.utils.clip_grad_norm_(parameters, settings.GradientClip);
            optimizer.step();
            clock.EndPhase(4);
        }

        clock.Print($"{dataset.ToName()} phases", steps);
    }

    /// <summary>
    /// The same phases for <paramref name="runs"/> runs of <paramref name="dataset"/> trained as one
    /// <see cref="BatchedDagmmNetwork"/>, in the order of <see cref="BatchedDagmmTrainer"/>.
    /// </summary>
    public static void RunBatched(DatasetId dataset, string dataDirectory, int steps, int runs)
    {
        var settings = RunSettings.ForPreset(dataset, MixtureSpec.Gaussian, 1);
        var source = DatasetCache.Shared.Get(dataset, dataDirectory);
        var data = Enumerable.Range(1, runs).Select(seed => PreparedData.Create(source, seed, settings.Scaling)).ToArray();
        var networks = data.Select((prepared, i) => new DagmmNetwork(prepared.FeatureCount, settings, new GaussianMixtureDensity(), i + 1, i + 101)).ToList();
        using var model = new BatchedDagmmNetwork(networks);
        using var train = torch.stack(data.Select(prepared => prepared.TrainTensor()), 0);
        using var flatTrain = train.reshape(runs * (long)data[0].TrainRows, data[0].FeatureCount);
        using var optimizer = torch.optim.Adam([model.Parameter], settings.LearningRate);
        var batchRows = Math.Min(settings.BatchSize, data[0].TrainRows);
        using var rows = torch.cat(Enumerable.Range(0, runs).Select(run => torch.arange(batchRows) + (long)run * data[0].TrainRows).ToList(), 0);
        var active = Enumerable.Repeat(true, runs).ToArray();
        using var activeMask = torch.tensor(active);

        var clock = new PhaseClock();
        for (var step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            clock.StartStep(scope);
            var batch = flatTrain.index_select(0, rows).view(runs, batchRows, data[0].FeatureCount).transpose(1, 2).contiguous();
            clock.EndPhase(0);
            var output = model.Forward(batch);
            clock.EndPhase(1);
            var (meanEnergy, penalty, _) = MixtureObjective.Compute(model.Mixture, output.Features, output.Gamma, settings.CovarianceJitter, active);
            var lossPerRun = output.ReconstructionError.square().mean([-1L])
                             + settings.LambdaEnergy * meanEnergy + settings.LambdaCovariance * penalty;
            _ = lossPerRun.detach().data<float>().ToArray();
            var loss = torch.where(activeMask, lossPerRun, torch.zeros_like(lossPerRun)).sum();
            clock.EndPhase(2);
            model.ZeroGradients();
            loss.backward();
            clock.EndPhase(3);
            model.ClipGradientsPerRun(settings.GradientClip);
            optimizer.step();
            clock.EndPhase(4);
        }

        networks.ForEach(network => network.Dispose());
        clock.Print($"{dataset.ToName()}, {runs} runs as one batch: phases", steps);
    }

    // Sums the time of each phase over the steps and keeps the tensors each phase created in the last step.
    private sealed class PhaseClock
    {
        private static readonly string[] s_phases = ["gather", "forward", "mixture+loss", "backward", "clip+step"];
        private readonly double[] _milliseconds = new double[s_phases.Length];
        private readonly int[] _tensors = new int[s_phases.Length];
        private readonly Stopwatch _clock = new();
        private DisposeScope? _scope;
        private int _mark;

        public void StartStep(DisposeScope scope)
        {
            _scope = scope;
            _mark = 0;
            _clock.Restart();
        }

        public void EndPhase(int phase)
        {
            _milliseconds[phase] += _clock.Elapsed.TotalMilliseconds;
            var created = _scope!.DisposablesCount;
            _tensors[phase] = created - _mark;
            _mark = created;
            _clock.Restart();
        }

        public void Print(string title, int steps)
        {
            Console.WriteLine($"{title}, mean ms per step over {steps} steps, and tensors created per step:");
            for (var i = 0; i < s_phases.Length; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s_phases[i],-13} {_milliseconds[i] / steps,8:F3} ms {_tensors[i],5} tensors"));
            }
        }
    }
}
