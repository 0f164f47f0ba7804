using Dagmm.Grid.Contracts;
using Orleans;

namespace Dagmm.Grid.Grains;

/// <summary>
/// The live view of one run (grain key: the run key). It holds nothing durable: after a silo loss
/// it starts empty and fills again from the next assignment or progress report.
/// </summary>
internal sealed class RunGrain(TimeProvider time) : Grain, IRunGrain
{
    private RunPhase _phase = RunPhase.Pending;
    private int _attempt;
    private Guid _leaseId;
    private string? _silo;
    private bool _stopRequested;
    private int _epoch;
    private int _totalEpochs;
    private double _meanLoss = double.NaN;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _updatedAt;
    private int _reports;

    private bool IsEnded => _phase is RunPhase.Succeeded or RunPhase.Failed or RunPhase.Cancelled;

    public Task AssignAsync(RunAssignment assignment)
    {
        _phase = RunPhase.Running;
        _attempt = assignment.Attempt;
        _leaseId = assignment.LeaseId;
        _silo = assignment.Silo;
        _stopRequested = false;
        _epoch = 0;
        _totalEpochs = 0;
        _meanLoss = double.NaN;
        _startedAt = null;
        _updatedAt = null;
        return Task.CompletedTask;
    }

    public Task MarkFinishedAsync(RunPhase phase, int attempt)
    {
        _phase = phase;
        _attempt = Math.Max(_attempt, attempt);
        return Task.CompletedTask;
    }

    public Task RequestStopAsync()
    {
        _stopRequested = true;
        return Task.CompletedTask;
    }

    public Task<RunProgressView> GetProgressAsync() => Task.FromResult(new RunProgressView
    {
        RunKey = this.GetPrimaryKeyString(),
        Phase = _phase,
        Attempt = _attempt,
        Silo = _silo,
        Epoch = _epoch,
        TotalEpochs = _totalEpochs,
        MeanLoss = _meanLoss,
        StartedAt = _startedAt,
        UpdatedAt = _updatedAt,
        Reports = _reports,
    });

    public Task<RunDirective> ReportProgressAsync(RunProgressReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports++;
        if (IsEnded || _stopRequested)
        {
            return Task.FromResult(RunDirective.Stop);
        }

        // An empty lease id means this activation has not heard from the coordinator yet, so the
        // reporting attempt is taken as the current one.
        if (_leaseId != Guid.Empty && report.LeaseId != _leaseId)
        {
            return Task.FromResult(RunDirective.Stop);
        }

        _phase = RunPhase.Running;
        _leaseId = report.LeaseId;
        _attempt = report.Attempt;
        _silo = report.Silo;
        _epoch = report.Epoch;
        _totalEpochs = report.TotalEpochs;
        _meanLoss = report.MeanLoss;
        _startedAt = report.StartedAt;
        _updatedAt = time.GetUtcNow();
        return Task.FromResult(RunDirective.Continue);
    }
}
