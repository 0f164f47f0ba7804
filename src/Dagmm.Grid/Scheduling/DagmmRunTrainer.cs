using Dagmm.Core.Training;

namespace Dagmm.Grid.Scheduling;

/// <summary>Trains runs with <see cref="DagmmRunner"/>.</summary>
internal sealed class DagmmRunTrainer : IRunTrainer
{
    public RunResult Train(RunSettings settings, string dataDirectory, IProgress<TrainingProgress> progress, CancellationToken cancellationToken) =>
        DagmmRunner.Run(settings, dataDirectory, progress, cancellationToken);
}
