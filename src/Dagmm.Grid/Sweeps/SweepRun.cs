using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>One run of a sweep: its run key (see <see cref="RunKeys"/>) and its complete settings.</summary>
public sealed record SweepRun(string RunKey, RunSettings Settings);
