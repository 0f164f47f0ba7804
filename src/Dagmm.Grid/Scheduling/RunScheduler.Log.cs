using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Scheduling;

internal sealed partial class RunScheduler
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Silo {Silo} trains in {Slots} slot(s), each up to {RunsPerSlot} run(s) of one configuration as a batch; native allocator: {Allocator}")]
    private partial void LogSchedulerStarted(string silo, int slots, int runsPerSlot, string allocator);

    [LoggerMessage(EventId = 216, Level = LogLevel.Information, Message = "Lease of run {RunKey}, attempt {Attempt}, taken by silo {Silo}; the lease request took {Milliseconds:F1} ms")]
    private partial void LogLeaseTaken(string runKey, int attempt, string silo, double milliseconds);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Run {RunKey} started, attempt {Attempt}, on silo {Silo} in a batch of {BatchRuns}")]
    private partial void LogRunStarted(string runKey, int attempt, string silo, int batchRuns);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Run {RunKey} finished, attempt {Attempt}, on silo {Silo} after {Seconds:F1} s")]
    private partial void LogRunFinished(string runKey, int attempt, string silo, double seconds);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "Run {RunKey} failed, attempt {Attempt}, on silo {Silo} after {Seconds:F1} s: {Reason}")]
    private partial void LogRunFailed(string runKey, int attempt, string silo, double seconds, string? reason);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Run {RunKey} stopped, attempt {Attempt}, on silo {Silo} ({Reason})")]
    private partial void LogRunStopped(string runKey, int attempt, string silo, StopReason reason);

    [LoggerMessage(EventId = 217, Level = LogLevel.Warning, Message = "Run {RunKey}, attempt {Attempt}, on silo {Silo} goes back to the coordinator after {Reason}")]
    private partial void LogRunHandedBack(string runKey, int attempt, string silo, string? reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "Run {RunKey}, attempt {Attempt}, on silo {Silo} is asked to stop")]
    private partial void LogRunStopRequested(string runKey, int attempt, string silo);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "Lease of run {RunKey}, attempt {Attempt}, on silo {Silo} was revoked; stopping it")]
    private partial void LogLeaseRevoked(string runKey, int attempt, string silo);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Silo {Silo} could not renew {Count} leases of sweep {Sweep}")]
    private partial void LogLeaseRenewalFailed(Exception error, string sweep, string silo, int count);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Silo {Silo} could not lease runs; it retries every poll interval")]
    private partial void LogLeaseRequestFailed(Exception error, string silo);

    [LoggerMessage(EventId = 209, Level = LogLevel.Debug, Message = "Silo {Silo} could not lease runs ({Failures} failures in a row): {Reason}")]
    private partial void LogLeaseRequestFailedAgain(string silo, int failures, string reason);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Progress of run {RunKey} on silo {Silo} could not be reported; later failures of this run are not logged")]
    private partial void LogProgressReportFailed(Exception error, string runKey, string silo);

    [LoggerMessage(EventId = 211, Level = LogLevel.Error, Message = "Result of run {RunKey} on silo {Silo} could not be written; the run goes back to its coordinator")]
    private partial void LogResultNotWritten(Exception error, string runKey, string silo);

    [LoggerMessage(EventId = 212, Level = LogLevel.Debug, Message = "Completion of run {RunKey} on silo {Silo} not reported on try {Try}: {Reason}; retrying")]
    private partial void LogCompletionReportRetried(string runKey, string silo, int @try, string reason);

    [LoggerMessage(EventId = 213, Level = LogLevel.Error, Message = "Completion of run {RunKey} on silo {Silo} not reported after {Tries} tries; its lease will expire instead")]
    private partial void LogCompletionNotReported(Exception error, string runKey, string silo, int tries);

    [LoggerMessage(EventId = 214, Level = LogLevel.Error, Message = "Settings of run {RunKey} could not be read on silo {Silo}; the run goes back to its coordinator")]
    private partial void LogTicketUnreadable(Exception error, string runKey, string silo);

    [LoggerMessage(EventId = 215, Level = LogLevel.Warning, Message = "Silo {Silo} stopped without waiting for {Count} runs to be given back; a run not given back returns to its sweep when its lease expires")]
    private partial void LogShutdownCutShort(string silo, int count);
}
