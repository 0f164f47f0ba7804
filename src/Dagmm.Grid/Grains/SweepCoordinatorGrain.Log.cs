using Dagmm.Grid.Contracts;
using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Grains;

internal sealed partial class SweepCoordinatorGrain
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Sweep {Sweep} started: {Total} runs, {Reused} reused from the results folder, at most {MaxAttempts} attempts per run")]
    private partial void LogSweepStarted(string sweep, int total, int reused, int maxAttempts);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Sweep {Sweep} resumed from the results folder: {Total} runs, {Finished} finished, state {State}")]
    private partial void LogSweepResumed(string sweep, int total, int finished, SweepState state);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Sweep {Sweep} completed: {Succeeded} succeeded, {Failed} failed, {Reused} of them reused")]
    private partial void LogSweepCompleted(string sweep, int succeeded, int failed, int reused);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Sweep {Sweep} cancelled: stopping {Running} running runs, {Pending} pending runs will not start")]
    private partial void LogSweepCancelled(string sweep, int running, int pending);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "Sweep {Sweep} is cancelled; {Finished} runs finished, {Cancelled} did not")]
    private partial void LogSweepCancelledFully(string sweep, int finished, int cancelled);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Run {RunKey} leased, attempt {Attempt}, to silo {Silo}")]
    private partial void LogRunLeased(string runKey, int attempt, string silo);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Run {RunKey} recorded as {Phase}, attempt {Attempt}, from silo {Silo}")]
    private partial void LogRunRecorded(string runKey, int attempt, string silo, RunPhase phase);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Lease of run {RunKey}, attempt {Attempt}, on silo {Silo} expired or its silo died")]
    private partial void LogLeaseExpired(string runKey, int attempt, string? silo);

    [LoggerMessage(EventId = 113, Level = LogLevel.Warning, Message = "Run {RunKey} is pending again after attempt {Attempt} of {MaxAttempts}: {Reason}")]
    private partial void LogRunRetried(string runKey, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 114, Level = LogLevel.Error, Message = "Run {RunKey} failed for good after {Attempts} attempts: {Reason}")]
    private partial void LogRunLost(string runKey, int attempts, string? reason);

    [LoggerMessage(EventId = 115, Level = LogLevel.Information, Message = "Run {RunKey}: repeated completion ({Outcome}) of attempt {Attempt} from silo {Silo} ignored; the run is recorded once")]
    private partial void LogDuplicateCompletion(string runKey, int attempt, string silo, RunOutcome outcome);

    [LoggerMessage(EventId = 116, Level = LogLevel.Information, Message = "Run {RunKey}: completion ({Outcome}) of attempt {Attempt} from silo {Silo} ignored; that lease is not current")]
    private partial void LogCompletionIgnored(string runKey, int attempt, string silo, RunOutcome outcome);

    [LoggerMessage(EventId = 117, Level = LogLevel.Information, Message = "Run {RunKey}, attempt {Attempt}, adopted by silo {Silo}, which still trains it")]
    private partial void LogLeaseAdopted(string runKey, int attempt, string silo);

    [LoggerMessage(EventId = 120, Level = LogLevel.Error, Message = "Sweep {Sweep}: sweep file {Path} could not be read; the sweep is treated as unknown")]
    private partial void LogSweepFileUnreadable(Exception error, string sweep, string path);

    [LoggerMessage(EventId = 121, Level = LogLevel.Error, Message = "Sweep {Sweep}: summary file could not be written")]
    private partial void LogSummaryNotWritten(Exception error, string sweep);

    [LoggerMessage(EventId = 122, Level = LogLevel.Error, Message = "Run {RunKey}: failed run file could not be written")]
    private partial void LogLostRunNotWritten(Exception error, string runKey);

    [LoggerMessage(EventId = 124, Level = LogLevel.Error, Message = "Sweep {Sweep}: cancel marker could not be written; a restart of every silo resumes the sweep")]
    private partial void LogCancelNotWritten(Exception error, string sweep);

    [LoggerMessage(EventId = 125, Level = LogLevel.Warning, Message = "Sweep {Sweep}: attempt counts could not be written; a coordinator that reactivates counts attempts of unfinished runs from the last saved state")]
    private partial void LogAttemptsNotWritten(Exception exception, string sweep);

    [LoggerMessage(EventId = 123, Level = LogLevel.Warning, Message = "Sweep {Sweep}: registry not reached (state {State})")]
    private partial void LogRegistryNotUpdated(Exception error, string sweep, SweepState state);
}
