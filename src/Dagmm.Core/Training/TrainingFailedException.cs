namespace Dagmm.Core.Training;

/// <summary>Training became numerically invalid; <see cref="Epoch"/> is 1-based, 0 when it failed while scoring.</summary>
public sealed class TrainingFailedException(string message, int epoch) : Exception(message)
{
    public int Epoch { get; } = epoch;
}
