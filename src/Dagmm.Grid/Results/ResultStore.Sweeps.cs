using System.Globalization;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Results;

public sealed partial class ResultStore
{
    /// <summary>
    /// The marker file of a cancelled sweep. It keeps a cancel in force when every silo restarts,
    /// and a new submission of the sweep removes it.
    /// </summary>
    public const string CancelledFileName = "cancelled";

    /// <summary>Returns the names of the sweeps whose folder contains a sweep.json, ordered by name.</summary>
    public IReadOnlyList<string> ListSweeps()
    {
        if (!Directory.Exists(ResultsRoot))
        {
            return [];
        }

        return Directory.EnumerateDirectories(ResultsRoot)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => SweepNames.IsValid(name) && File.Exists(Path.Combine(ResultsRoot, name, SweepFileName)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Returns when sweep.json of <paramref name="sweepName"/> was last written (UTC), or null when it does not exist.</summary>
    public DateTimeOffset? SweepWrittenAt(string sweepName)
    {
        var path = Path.Combine(SweepFolder(sweepName), SweepFileName);
        return File.Exists(path) ? new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero) : null;
    }

    /// <summary>
    /// True when summary.parquet exists and was written no earlier than sweep.json, so it describes
    /// the current sweep file: the sweep completed and was not submitted again with a changed file since.
    /// </summary>
    public bool HasCurrentSummary(string sweepName)
    {
        var folder = SweepFolder(sweepName);
        var summary = Path.Combine(folder, SummaryFileName);
        var sweep = Path.Combine(folder, SweepFileName);
        return File.Exists(summary) && File.Exists(sweep) && File.GetLastWriteTimeUtc(summary) >= File.GetLastWriteTimeUtc(sweep);
    }

    public bool IsCancelled(string sweepName) => File.Exists(Path.Combine(SweepFolder(sweepName), CancelledFileName));

    /// <summary>Writes the cancel marker of <paramref name="sweepName"/>, containing the UTC time of the cancel.</summary>
    public Task MarkCancelledAsync(string sweepName, CancellationToken cancellationToken = default)
    {
        var text = _timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) + "\n";
        return AtomicFile.WriteTextAsync(Path.Combine(SweepFolder(sweepName), CancelledFileName), text, cancellationToken);
    }

    /// <summary>Removes the cancel marker of <paramref name="sweepName"/>, if any.</summary>
    public void ClearCancelled(string sweepName) => File.Delete(Path.Combine(SweepFolder(sweepName), CancelledFileName));
}
