using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>How one run of a batch left training: its status, the loss of its last epoch, and why it stopped early.</summary>
public sealed record BatchedRunOutcome(RunStatus Status, double FinalLoss, int EpochsCompleted, string? Error = null, int? FailedEpoch = null);

/// <summary>
/// Trains the R runs of a <see cref="BatchedDagmmNetwork"/> together with the loss of
/// <see cref="DagmmTrainer"/>: each run has its own batch order, mixture moments, jitter, gradient
/// clipping and Adam state, and one Adam step updates them all. A run that diverges, hits a
/// singular covariance or is cancelled leaves the batch alone; the others train on unchanged.
/// </summary>
public sealed class BatchedDagmmTrainer(RunSettings settings)
{
    /// <summary>What a diverged or singular run's reason recommends, in the names of both the sweep file and grid-client train.</summary>
    internal const string DivergenceAdvice = "lower the learning rate (sweep field learningRate, train option --learning-rate) or raise the sweep field covarianceJitter";

    /// <summary>
    /// How many times its untrained loss a run's last epoch may average before the run counts as
    /// diverged. The untrained DAGMM loss of the four presets is 104 to 221 and their trained runs
    /// end between -0.2 and 21, so a healthy run stays far below this. Learning rate 10 keeps the
    /// loss finite (clipping and the jitter hold it) but ends thyroid at about 1,200 times its untrained loss.
    /// </summary>
    public const double LossGrowthLimit = 100;

    /// <summary>
    /// Trains on <paramref name="train"/> [R, N, F] (run r's training split in row r) for
    /// <see cref="RunSettings.Epochs"/> epochs. Run r shuffles with <paramref name="shuffleSeeds"/>[r],
    /// reports to <paramref name="progress"/>[r] and stops when <paramref name="cancellation"/>[r] is
    /// cancelled (checked every step). Returns one outcome per run.
    /// </summary>
    public BatchedRunOutcome[] Train(
        BatchedDagmmNetwork model,
        Tensor train,
        IReadOnlyList<int> shuffleSeeds,
        IReadOnlyList<IProgress<TrainingProgress>?> progress,
        IReadOnlyList<CancellationToken> cancellation)
    {
        var runs = model.Runs;
        var rows = (int)train.shape[1];
        var features = train.shape[2];
        var batchSize = Math.Min(settings.BatchSize, rows);
        var flatTrain = train.reshape(runs * (long)rows, features);
        var orders = Enumerable.Range(0, runs).Select(_ => Enumerable.Range(0, rows).Select(i => (long)i).ToArray()).ToArray();
        var shuffles = shuffleSeeds.Select(seed => new Random(seed)).ToArray();
        var outcomes = new BatchedRunOutcome?[runs];
        var lastEpochLoss = Enumerable.Repeat(double.NaN, runs).ToArray();
        var untrainedLoss = new double[runs];
        var epochsCompleted = 0;

        List<Parameter> parameters = [model.Parameter];
        if (model.RawNu is not null)
        {
            parameters.Add(model.RawNu);
        }

        using var optimizer = torch.optim.Adam(parameters, settings.LearningRate);
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            for (var run = 0; run < runs; run++)
            {
                shuffles[run].Shuffle(orders[run]);
            }

            var lossSums = new double[runs];
            var steps = 0;
            for (var start = 0; start < rows; start += batchSize)
            {
                for (var run = 0; run < runs; run++)
                {
                    if (outcomes[run] is null && cancellation[run].IsCancellationRequested)
                    {
                        outcomes[run] = new BatchedRunOutcome(RunStatus.Cancelled, lastEpochLoss[run], epochsCompleted, "cancelled");
                    }
                }

                if (outcomes.All(outcome => outcome is not null))
                {
                    return outcomes!;
                }

                // A trailing batch of one sample has no covariance; fold it away as the single-run trainer does.
                var length = Math.Min(batchSize, rows - start);
                if (length < 2 && steps > 0)
                {
                    break;
                }

                using var scope = torch.NewDisposeScope();
                // Feature-major [R, F, N], the layout the batched network computes in.
                var batch = flatTrain.index_select(0, BatchIndex(orders, rows, start, length)).view(runs, length, features).transpose(1, 2).contiguous();
                var active = outcomes.Select(outcome => outcome is null).ToArray();
                var lossPerRun = Loss(model, batch, epoch, active, outcomes);
                var lossValues = lossPerRun.detach().data<float>().ToArray();
                for (var run = 0; run < runs; run++)
                {
                    if (outcomes[run] is null && !float.IsFinite(lossValues[run]))
                    {
                        outcomes[run] = Failed($"the loss became {lossValues[run]} in epoch {epoch}, step {steps + 1}; {DivergenceAdvice}", epoch, epochsCompleted);
                    }
                }

                active = outcomes.Select(outcome => outcome is null).ToArray();
                if (!active.Any(isActive => isActive))
                {
                    return outcomes!;
                }

                // A stopped run keeps its place in the batch, but its loss no longer reaches the gradient.
                var total = active.All(isActive => isActive)
                    ? lossPerRun.sum()
                    : torch.where(torch.tensor(active), lossPerRun, torch.zeros_like(lossPerRun)).sum();
                model.ZeroGradients();
                total.backward();
                model.ClipGradientsPerRun(settings.GradientClip);
                optimizer.step();

                for (var run = 0; run < runs; run++)
                {
                    lossSums[run] += lossValues[run];
                    if (epoch == 1 && steps == 0)
                    {
                        // The first step's loss comes from the weights before any update.
                        untrainedLoss[run] = lossValues[run];
                    }
                }

                steps++;
            }

            epochsCompleted = epoch;
            for (var run = 0; run < runs; run++)
            {
                if (outcomes[run] is null)
                {
                    lastEpochLoss[run] = lossSums[run] / steps;
                    progress[run]?.Report(new TrainingProgress(epoch, settings.Epochs, lastEpochLoss[run]));
                }
            }
        }

        for (var run = 0; run < runs; run++)
        {
            outcomes[run] ??= LossGrewTooFar(lastEpochLoss[run], untrainedLoss[run])
                ? Failed($"the loss grew from {untrainedLoss[run]:G4} before training to {lastEpochLoss[run]:G4} in the last epoch, more than {LossGrowthLimit} times, so the run diverged; {DivergenceAdvice}", epochsCompleted, epochsCompleted)
                : new BatchedRunOutcome(RunStatus.Succeeded, lastEpochLoss[run], epochsCompleted);
        }

        return outcomes!;
    }

    // Rows of the flattened [R * N, F] training tensor for this step: run r's next rows in its own order.
    private static Tensor BatchIndex(long[][] orders, int rows, int start, int length)
    {
        var index = new long[orders.Length * length];
        for (var run = 0; run < orders.Length; run++)
        {
            var offset = (long)run * rows;
            for (var i = 0; i < length; i++)
            {
                index[run * length + i] = offset + orders[run][start + i];
            }
        }

        return torch.tensor(index);
    }

    // The per-run DAGMM loss [R]; a run whose covariance stays singular is marked failed here.
    private Tensor Loss(BatchedDagmmNetwork model, Tensor batch, int epoch, bool[] active, BatchedRunOutcome?[] outcomes)
    {
        var output = model.Forward(batch);
        var (meanEnergy, penalty, failures) = MixtureObjective.Compute(model.Mixture, output.Features, output.Gamma, settings.CovarianceJitter, active);
        for (var run = 0; run < failures.Length; run++)
        {
            if (failures[run] is { } failure)
            {
                outcomes[run] = Failed($"{failure} in epoch {epoch}; {DivergenceAdvice}", epoch, epoch - 1);
            }
        }

        var reconstructionError = output.ReconstructionError.square().mean([-1L]);                // [R]
        return reconstructionError + settings.LambdaEnergy * meanEnergy + settings.LambdaCovariance * penalty;
    }

    // A loss below 1 in magnitude before training is compared as 1, so a run that starts near zero
    // is not failed for ordinary changes.
    private static bool LossGrewTooFar(double lastEpochLoss, double untrainedLoss) =>
        Math.Abs(lastEpochLoss) > LossGrowthLimit * Math.Max(1, Math.Abs(untrainedLoss));

    private static BatchedRunOutcome Failed(string reason, int epoch, int epochsCompleted) =>
        new(RunStatus.Failed, double.NaN, epochsCompleted, reason, epoch);
}
