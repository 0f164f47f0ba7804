using Dagmm.Core.Training;

namespace Dagmm.Grid.Scheduling;

/// <summary>Trains batches of runs with <see cref="DagmmRunner.RunBatch"/>.</summary>
internal sealed class DagmmRunTrainer : IRunTrainer
{
    public IReadOnlyList<RunResult> Train(
        IReadOnlyList<RunSettings> settings,
        string dataDirectory,
        IReadOnlyList<IProgress<TrainingProgress>> progress,
        IReadOnlyList<CancellationToken> cancellation) =>
        DagmmRunner.RunBatch(settings, dataDirectory, progress, cancellation);
}
