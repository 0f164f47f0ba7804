using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Results;

public sealed partial class ResultStore
{
    /// <summary>Event ids of the rescoring warnings, which <see cref="RescoredRuns"/> also carries, so a command printing those can skip the log copies.</summary>
    public static IReadOnlySet<int> RescoreEventIds { get; } = new HashSet<int> { 4, 5 };

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Skipped unreadable result file {Path}")]
    private partial void LogUnreadableFile(string path, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Skipped run file {Path} because it holds {RowCount} rows instead of 1")]
    private partial void LogRunFileRowCount(string path, int rowCount);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Sweep file of {Sweep} changed; kept the previous version as {ArchivePath}")]
    private partial void LogSweepFileArchived(string sweep, string archivePath);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Rescoring skipped run {RunKey}: {Reason}")]
    private partial void LogRescoreSkipped(string runKey, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Could not write the rescored summary {Path}")]
    private partial void LogRescoredSummaryNotWritten(Exception exception, string path);
}
