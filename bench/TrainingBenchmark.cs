using System.Diagnostics;
using System.Globalization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using Dagmm.Core.Training;
using TorchSharp;

namespace Dagmm.Benchmarks;

/// <summary>
/// Times the training loop on the real datasets with one libtorch thread: seconds per kddcup99
/// epoch (with achieved GFLOP/s) and milliseconds per step for the small presets.
/// </summary>
public static class TrainingBenchmark
{
    // Forward plus backward of one epoch on the 198,371 x 118 kddcup99 training split with the paper's layers.
    private const double KddEpochGigaflops = 21.96;

    public static int Run(string[] args)
    {
        var dataDirectory = DataFolder.Resolve(args.Length > 1 ? args[1] : Path.Combine("..", "shared", "datasets"));
        var which = args.Length > 0 ? args[0] : "all";
        // The product tunes glibc's allocator when it loads libtorch; DAGMM_BENCH_GLIBC_DEFAULTS=1 keeps glibc's defaults to measure what that gains.
        if (Environment.GetEnvironmentVariable("DAGMM_BENCH_GLIBC_DEFAULTS") != "1")
        {
            NativeAllocator.KeepFreedMemory();
        }

        torch.set_num_threads(1);
        Console.WriteLine($"libtorch threads: {torch.get_num_threads()}, allocator: {NativeAllocator.Name}, data: {dataDirectory}");

        if (which == "memory")
        {
            MemoryProfile.Run(dataDirectory, 2);
            return 0;
        }

        if (which == "batched")
        {
            BatchedBenchmark.Run(DatasetId.Thyroid, MixtureSpec.Gaussian, dataDirectory, 500, [1, 2, 4, 5, 8]);
            BatchedBenchmark.Run(DatasetId.Thyroid, MixtureSpec.StudentTLearned, dataDirectory, 500, [1, 5, 8]);
            BatchedBenchmark.Run(DatasetId.Arrhythmia, MixtureSpec.Gaussian, dataDirectory, 500, [1, 2, 4, 5, 8]);
            BatchedBenchmark.Run(DatasetId.Arrhythmia, MixtureSpec.Laplace, dataDirectory, 500, [1, 5, 8]);
            return 0;
        }

        if (which == "batched-kddcup99")
        {
            BatchedBenchmark.Run(DatasetId.Kddcup99, MixtureSpec.Gaussian, dataDirectory, 2, [1, 2, 5]);
            return 0;
        }

        // One batch size of one preset, without the single-run comparison, for a sampling profiler such as perf:
        // batched-only DATA DATASET MIXTURE RUNS EPOCHS, for example batched-only "$DAGMM_DATA" thyroid gaussian 5 500.
        if (which == "batched-only")
        {
            if (args.Length != 6 || !DatasetIds.TryParse(args[2], out var dataset) || !MixtureSpec.TryParseFamily(args[3], out var family))
            {
                Console.Error.WriteLine("usage: batched-only DATA DATASET MIXTURE RUNS EPOCHS, with DATASET thyroid, arrhythmia, kddcup99 or kddcup99-rev and MIXTURE " + MixtureSpec.AcceptedFamilies);
                return 2;
            }

            var mixture = new MixtureSpec(family);
            BatchedBenchmark.RunBatchOnly(dataset, mixture, dataDirectory, int.Parse(args[5], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
            return 0;
        }

        // scalar-race DATA SECONDS, for example scalar-race "$DAGMM_DATA" 60 (the data folder is not read).
        if (which == "scalar-race")
        {
            ScalarRace.Run(double.Parse(args[2], CultureInfo.InvariantCulture));
            return 0;
        }

        // layout DATA RUNS STEPS, for example layout "$DAGMM_DATA" 5 2000 (the data folder is not read).
        if (which == "layout")
        {
            LayoutBenchmark.Run(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
            return 0;
        }

        if (which == "profile")
        {
            PhaseProfile.Run(DatasetId.Thyroid, dataDirectory, 2000);
            PhaseProfile.Run(DatasetId.Kddcup99, dataDirectory, 100);
            return 0;
        }

        if (which == "profile-batched")
        {
            foreach (var runs in new[] { 1, 5 })
            {
                PhaseProfile.RunBatched(DatasetId.Thyroid, dataDirectory, 2000, runs);
                PhaseProfile.RunBatched(DatasetId.Arrhythmia, dataDirectory, 2000, runs);
            }

            PhaseProfile.RunBatched(DatasetId.Kddcup99, dataDirectory, 50, 1);
            PhaseProfile.RunBatched(DatasetId.Kddcup99, dataDirectory, 50, 5);
            return 0;
        }

        if (which is "all" or "kddcup99")
        {
            var seconds = SecondsPerEpoch(DatasetId.Kddcup99, dataDirectory, epochs: 3, MixtureSpec.Gaussian);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kddcup99 gaussian: {seconds:F3} s per epoch, {KddEpochGigaflops / seconds:F1} GFLOP/s"));
        }

        foreach (var (dataset, epochs) in new[] { (DatasetId.Thyroid, 1000), (DatasetId.Arrhythmia, 1000) })
        {
            if (which != "all" && which != dataset.ToName())
            {
                continue;
            }

            foreach (var mixture in new[] { MixtureSpec.Gaussian, MixtureSpec.Laplace, MixtureSpec.StudentT(), MixtureSpec.StudentTLearned })
            {
                var (stepsPerEpoch, seconds) = (StepsPerEpoch(dataset, dataDirectory), SecondsPerEpoch(dataset, dataDirectory, epochs, mixture));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{dataset.ToName()} {mixture.Label}: {seconds / stepsPerEpoch * 1000:F3} ms per step"));
            }
        }

        return 0;
    }

    private static int StepsPerEpoch(DatasetId dataset, string dataDirectory)
    {
        var settings = RunSettings.ForPreset(dataset, MixtureSpec.Gaussian, 1);
        var data = PreparedData.Create(DatasetCache.Shared.Get(dataset, dataDirectory), 1, settings.Scaling);
        return (data.TrainRows + settings.BatchSize - 1) / settings.BatchSize;
    }

    // Mean of the timed epochs after one warm-up epoch, of one run alone in the engine that grid-client trains with (a batch of one).
    private static double SecondsPerEpoch(DatasetId dataset, string dataDirectory, int epochs, MixtureSpec mixture)
    {
        var settings = RunSettings.ForPreset(dataset, mixture, 1);
        var data = PreparedData.Create(DatasetCache.Shared.Get(dataset, dataDirectory), 1, settings.Scaling);
        return BatchedBenchmark.BatchSeconds(settings, [data], epochs) / epochs;
    }
}
