using Orleans;
using Orleans.Concurrency;

namespace Dagmm.Grid.Contracts;

/// <summary>
/// The live view of one run (grain key: the run key, which starts with the sweep name):
/// its phase, its holder and its training progress. The silo that trains the run reports progress
/// here and learns from the reply whether to stop. The coordinator's calls are one-way, so it
/// never waits on a run grain.
/// </summary>
[Alias("dagmm.IRunGrain")]
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>Records that the coordinator dispatched a new attempt; reports from older attempts are then told to stop.</summary>
    [OneWay, Alias("Assign")]
    Task AssignAsync(RunAssignment assignment);

    /// <summary>Records that the run ended in <paramref name="phase"/> with <paramref name="attempt"/>.</summary>
    [OneWay, Alias("MarkFinished")]
    Task MarkFinishedAsync(RunPhase phase, int attempt);

    /// <summary>Asks the training silo to stop; its next progress report receives <see cref="RunDirective.Stop"/>.</summary>
    [OneWay, Alias("RequestStop")]
    Task RequestStopAsync();

    [Alias("ReportProgress")]
    Task<RunDirective> ReportProgressAsync(RunProgressReport report);

    [Alias("GetProgress")]
    Task<RunProgressView> GetProgressAsync();
}
