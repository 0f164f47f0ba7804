using Dagmm.Core.Training;

namespace Dagmm.Core.Tests.Support;

/// <summary>Reports progress on the training thread, unlike Progress&lt;T&gt;, which posts to the thread pool.</summary>
public sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
