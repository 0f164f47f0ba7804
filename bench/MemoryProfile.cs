using System.Globalization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;

namespace Dagmm.Benchmarks;

/// <summary>Prints the resident memory of this process after each stage of one kddcup99 run.</summary>
public static class MemoryProfile
{
    public static void Run(string dataDirectory, int epochs)
    {
        Report("start");
        var dataset = DatasetCache.Shared.Get(DatasetId.Kddcup99, dataDirectory);
        Report("dataset loaded");
        var settings = RunSettings.ForPreset(DatasetId.Kddcup99, MixtureSpec.Gaussian, 1) with { Epochs = epochs };
        var data = PreparedData.Create(dataset, 1, settings.Scaling);
        Report("split and scaled");
        var progress = new EpochReporter();
        var result = DagmmRunner.Run(settings, data, progress, CancellationToken.None);
        Report($"run {result.Status}");
    }

    public static void Report(string stage)
    {
        GC.Collect();
        var status = File.ReadAllLines("/proc/self/status");
        string Field(string name) => status.First(line => line.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stage,-24} RSS {Field("VmRSS"),12}  peak {Field("VmHWM"),12}  managed {GC.GetTotalMemory(false) / 1048576.0,8:F0} MB"));
    }

    private sealed class EpochReporter : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => MemoryProfile.Report($"epoch {value.Epoch}");
    }
}
