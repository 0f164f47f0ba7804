using System.Diagnostics;
using System.Globalization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using Dagmm.Core.Training;
using TorchSharp;

namespace Dagmm.Benchmarks;

/// <summary>
/// Times batched training (<see cref="BatchedDagmmNetwork"/>): R runs of one preset with seeds 1..R
/// trained as one model, against the single-run trainer in the same process, so the ratios come
/// from one run on a shared machine. Prints milliseconds per step for the whole batch and per run.
/// </summary>
public static class BatchedBenchmark
{
    public static void Run(DatasetId dataset, MixtureSpec mixture, string dataDirectory, int epochs, IReadOnlyList<int> batchSizes)
    {
        var baseSettings = RunSettings.ForPreset(dataset, mixture, 1);
        var source = DatasetCache.Shared.Get(dataset, dataDirectory);
        var data = Enumerable.Range(1, batchSizes.Max()).Select(seed => PreparedData.Create(source, seed, baseSettings.Scaling)).ToArray();
        var steps = (data[0].TrainRows + baseSettings.BatchSize - 1) / baseSettings.BatchSize * epochs;

        var single = SingleSeconds(baseSettings, data[0], epochs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{dataset.ToName()} {mixture.Label}, single-run trainer: {single / steps * 1000:F3} ms per step"));
        foreach (var runs in batchSizes)
        {
            var seconds = BatchSeconds(baseSettings, data.Take(runs).ToArray(), epochs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{dataset.ToName()} {mixture.Label}, batch of {runs}: {seconds / steps * 1000:F3} ms per step, {seconds / steps / runs * 1000:F3} ms per run-step ({single * runs / seconds:F2}x the single-run throughput)"));
        }
    }

    /// <summary>Trains only the batched model of <paramref name="runs"/> seeds and prints its step time.</summary>
    public static void RunBatchOnly(DatasetId dataset, MixtureSpec mixture, string dataDirectory, int epochs, int runs)
    {
        var settings = RunSettings.ForPreset(dataset, mixture, 1);
        var source = DatasetCache.Shared.Get(dataset, dataDirectory);
        var data = Enumerable.Range(1, runs).Select(seed => PreparedData.Create(source, seed, settings.Scaling)).ToArray();
        var steps = (data[0].TrainRows + settings.BatchSize - 1) / settings.BatchSize * epochs;

        // On a thread of its own, as a silo trains, so libtorch allocates from a thread arena of glibc's allocator.
        var seconds = 0.0;
        var collectionsBefore = GC.CollectionCount(0);
        var training = new Thread(() => seconds = BatchSeconds(settings, data, epochs));
        training.Start();
        training.Join();
        var collections = GC.CollectionCount(0) - collectionsBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{dataset.ToName()} {mixture.Label}, batch of {runs}: {seconds / steps * 1000:F3} ms per step, {seconds / steps / runs * 1000:F3} ms per run-step, {collections / seconds:F1} garbage collections per second"));
    }

    private static double SingleSeconds(RunSettings settings, PreparedData data, int epochs)
    {
        using var train = data.TrainTensor();
        using var network = Network(settings, data, 1);
        new DagmmTrainer(settings with { Epochs = 1 }).Train(network, train, 1, null, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        new DagmmTrainer(settings with { Epochs = epochs }).Train(network, train, 2, null, CancellationToken.None);
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>Seconds of <paramref name="epochs"/> timed epochs after one warm-up epoch, on a fresh batched model of the given runs.</summary>
    internal static double BatchSeconds(RunSettings settings, PreparedData[] data, int epochs)
    {
        var networks = data.Select((prepared, i) => Network(settings, prepared, i + 1)).ToList();
        try
        {
            using var model = new BatchedDagmmNetwork(networks);
            using var train = torch.stack(data.Select(prepared => prepared.TrainTensor()), 0);
            var seeds = Enumerable.Range(1, data.Length).ToArray();
            var progress = new IProgress<TrainingProgress>?[data.Length];
            var cancellation = new CancellationToken[data.Length];
            new BatchedDagmmTrainer(settings with { Epochs = 1 }).Train(model, train, seeds, progress, cancellation);
            var clock = Stopwatch.StartNew();
            var outcomes = new BatchedDagmmTrainer(settings with { Epochs = epochs }).Train(model, train, seeds, progress, cancellation);
            var elapsed = clock.Elapsed.TotalSeconds;
            if (outcomes.Any(outcome => outcome.Status != RunStatus.Succeeded))
            {
                throw new InvalidOperationException("a benchmark run failed: " + string.Join("; ", outcomes.Select(outcome => outcome.Error)));
            }

            return elapsed;
        }
        finally
        {
            networks.ForEach(network => network.Dispose());
        }
    }

    private static DagmmNetwork Network(RunSettings settings, PreparedData data, int seed) =>
        new(data.FeatureCount, settings, MixtureDensities.Create(settings.Mixture, settings.Components), seed, seed + 1000);
}
