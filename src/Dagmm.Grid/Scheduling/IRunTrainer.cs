using Dagmm.Core.Training;

namespace Dagmm.Grid.Scheduling;

/// <summary>Trains and scores one run, blocking the calling thread; <see cref="DagmmRunTrainer"/> is the real one.</summary>
internal interface IRunTrainer
{
    RunResult Train(RunSettings settings, string dataDirectory, IProgress<TrainingProgress> progress, CancellationToken cancellationToken);
}
