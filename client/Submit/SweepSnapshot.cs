using Dagmm.Grid.Contracts;

namespace Dagmm.Grid.Client.Submit;

/// <summary>One poll of a sweep: the coordinator's counts and the progress of each running run.</summary>
internal sealed record SweepSnapshot(SweepStatus Status, IReadOnlyList<RunProgressView> Running, bool CancelRequested);
