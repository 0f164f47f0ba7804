namespace Dagmm.Core.Datasets;

/// <summary>Limits of a <see cref="DatasetDownloader"/>.</summary>
public sealed record DownloadOptions
{
    /// <summary>Largest accepted <see cref="Timeout"/>: 1 day.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromDays(1);

    /// <summary>Longest wait between two attempts: 1 minute.</summary>
    public static readonly TimeSpan MaximumRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Longest wait for a connection, for the response headers, and for each read of the body.
    /// A server that sends nothing for this long fails the attempt as timed out, so a slow but
    /// steady download never times out. Default 60 seconds, maximum 1 day.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts per file, the first included. Default 3.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>
    /// Wait before the second attempt. Each later wait doubles, up to <see cref="MaximumRetryDelay"/>.
    /// Default 1 second.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Returns one message per invalid limit, naming it; empty when all are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Timeout <= TimeSpan.Zero || Timeout > MaximumTimeout)
        {
            problems.Add($"timeout: {Timeout.TotalSeconds} s is invalid; expected more than 0 s and at most {MaximumTimeout.TotalSeconds} s");
        }

        if (Attempts < 1)
        {
            problems.Add($"attempts: {Attempts} is invalid; expected at least 1");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > MaximumRetryDelay)
        {
            problems.Add($"retry delay: {RetryDelay.TotalSeconds} s is invalid; expected 0 s to {MaximumRetryDelay.TotalSeconds} s");
        }

        return problems;
    }
}
