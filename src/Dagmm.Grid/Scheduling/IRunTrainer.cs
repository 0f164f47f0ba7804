using Dagmm.Core.Training;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// Trains and scores a batch of runs that differ only in their seed, blocking the calling thread;
/// returns one result per run, in order. <see cref="DagmmRunTrainer"/> is the real one.
/// </summary>
internal interface IRunTrainer
{
    IReadOnlyList<RunResult> Train(
        IReadOnlyList<RunSettings> settings,
        string dataDirectory,
        IReadOnlyList<IProgress<TrainingProgress>> progress,
        IReadOnlyList<CancellationToken> cancellation);
}
