namespace Dagmm.Core.Training;

/// <summary>Trains and scores one DAGMM run.</summary>
public static class DagmmRunner
{
    /// <summary>
    /// Loads the dataset from <paramref name="dataDirectory"/>, trains with <paramref name="settings"/>,
    /// fits the mixture on the whole training split and evaluates the test split. Blocks the calling
    /// thread for the whole run, so call it from a dedicated thread. Numerical failure and
    /// cancellation are returned as a result, not thrown; invalid settings throw ArgumentException.
    /// </summary>
    public static RunResult Run(RunSettings settings, string dataDirectory, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException("being written");
}
