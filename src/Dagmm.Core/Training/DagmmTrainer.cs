using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>
/// Minimises the DAGMM loss with Adam over mini-batches:
/// L = mean_i ||x_i - x'_i||^2 + lambda1 * mean_i E(z_i) + lambda2 * sum_k,j 1/Sigma_kjj,
/// with the mixture moments of each batch, the gradient norm clipped before every step.
/// </summary>
public sealed class DagmmTrainer(RunSettings settings)
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="train"/> [N, F] for <see cref="RunSettings.Epochs"/>
    /// epochs, shuffling with <paramref name="shuffleSeed"/>. Returns the mean loss of the last epoch,
    /// or NaN when no epoch ran.
    /// </summary>
    /// <exception cref="TrainingFailedException">The loss or a covariance became non-finite or singular.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; checked every step.</exception>
    public double Train(DagmmNetwork network, Tensor train, int shuffleSeed, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var rows = (int)train.shape[0];
        var batchSize = Math.Min(settings.BatchSize, rows);
        var order = Enumerable.Range(0, rows).Select(i => (long)i).ToArray();
        var shuffle = new Random(shuffleSeed);
        var parameters = network.OptimizerParameters();
        using var optimizer = torch.optim.Adam(parameters, settings.LearningRate);

        network.train();
        var lastEpochLoss = double.NaN;
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            using var orderTensor = torch.tensor(order);
            double lossSum = 0;
            var steps = 0;

            for (var start = 0; start < rows; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();

                // A trailing batch of one sample has no covariance; fold it away as DAGMM reproductions drop it.
                var length = Math.Min(batchSize, rows - start);
                if (length < 2 && steps > 0)
                {
                    break;
                }

                using var scope = torch.NewDisposeScope();
                var batch = train.index_select(0, orderTensor.narrow(0, start, length));
                var loss = Loss(network, batch, epoch);

                var lossValue = loss.item<float>();
                if (!float.IsFinite(lossValue))
                {
                    throw new TrainingFailedException($"the loss became {lossValue} in epoch {epoch}, step {steps + 1}; {BatchedDagmmTrainer.DivergenceAdvice}", epoch);
                }

                network.ZeroGradients();
                loss.backward();
                nn.utils.clip_grad_norm_(parameters, settings.GradientClip);
                optimizer.step();

                lossSum += lossValue;
                steps++;
            }

            lastEpochLoss = lossSum / steps;
            progress?.Report(new TrainingProgress(epoch, settings.Epochs, lastEpochLoss));
        }

        return lastEpochLoss;
    }

    private Tensor Loss(DagmmNetwork network, Tensor batch, int epoch)
    {
        var output = network.forward(batch);
        MixtureParameters mixture;
        try
        {
            mixture = MixtureParameters.Fit(output.Features, output.Gamma, settings.CovarianceJitter);
        }
        catch (SingularCovarianceException error)
        {
            throw new TrainingFailedException($"{error.Message} in epoch {epoch}; {BatchedDagmmTrainer.DivergenceAdvice}", epoch);
        }

        var energy = MixtureEnergy.Compute(network.Mixture, output.Features, mixture);
        // ||x - x'||^2 from the norm the features already computed: one pass over [N, F] fewer, forward and backward.
        var reconstructionError = output.ReconstructionError.square().mean();
        var penalty = MixtureEnergy.CovariancePenalty(mixture);
        return reconstructionError + settings.LambdaEnergy * energy.mean() + settings.LambdaCovariance * penalty;
    }
}
