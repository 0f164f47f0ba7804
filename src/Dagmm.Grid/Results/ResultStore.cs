using System.Globalization;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Parquet.Serialization;

namespace Dagmm.Grid.Results;

/// <summary>
/// The results folder, the durable record of every sweep:
/// <c>&lt;root&gt;/&lt;sweep&gt;/sweep.json</c>, <c>runs/&lt;run&gt;.parquet</c> (one row per finished run),
/// <c>scores/&lt;run&gt;.parquet</c> (per-sample energies) and <c>summary.parquet</c>. Every file is written
/// to a temporary name and renamed, so readers never see a partial file. Reads skip temporary and
/// unreadable files with a logged warning instead of failing. Safe for concurrent writes of different runs.
/// </summary>
public sealed partial class ResultStore
{
    public const string SweepFileName = "sweep.json";

    public const string RunsFolderName = "runs";

    public const string ScoresFolderName = "scores";

    public const string SummaryFileName = "summary.parquet";

    private const string ParquetExtension = ".parquet";

    private const int BufferSize = 64 * 1024;

    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <param name="resultsRoot">The folder that holds one subfolder per sweep; created on the first write.</param>
    /// <param name="logger">Receives warnings about skipped files; none when null.</param>
    /// <param name="timeProvider">Clock for the names of archived sweep files; the system clock when null.</param>
    public ResultStore(string resultsRoot, ILogger<ResultStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resultsRoot);
        ResultsRoot = Path.GetFullPath(resultsRoot);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The absolute path of the results folder.</summary>
    public string ResultsRoot { get; }

    /// <summary>Returns the folder of one sweep: <c>&lt;root&gt;/&lt;sweepName&gt;</c>.</summary>
    public string SweepFolder(string sweepName)
    {
        SweepNames.ThrowIfInvalid(sweepName, nameof(sweepName));
        return Path.Combine(ResultsRoot, sweepName);
    }

    /// <summary>
    /// Writes the sweep file's text as <c>sweep.json</c>. When a sweep.json with different content exists,
    /// it is first copied to <c>sweep.&lt;UTC timestamp&gt;.json</c>. Finished runs are kept either way:
    /// a run whose key is unchanged is reused.
    /// </summary>
    public async Task WriteSweepAsync(SweepDefinition sweep, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var folder = SweepFolder(sweep.Name);
        Directory.CreateDirectory(Path.Combine(folder, RunsFolderName));
        Directory.CreateDirectory(Path.Combine(folder, ScoresFolderName));

        var path = Path.Combine(folder, SweepFileName);
        if (File.Exists(path))
        {
            var existing = await File.ReadAllTextAsync(path, cancellationToken);
            if (existing == sweep.SourceJson)
            {
                return;
            }

            var archive = ArchiveSweepFile(folder, path);
            LogSweepFileArchived(sweep.Name, archive);
        }

        await AtomicFile.WriteTextAsync(path, sweep.SourceJson, cancellationToken);
    }

    /// <summary>
    /// Records a finished run: first <c>scores/&lt;run&gt;.parquet</c> when <paramref name="scores"/> is given
    /// (otherwise any scores file left by an earlier attempt is deleted), then <c>runs/&lt;run&gt;.parquet</c>,
    /// whose presence marks the run finished. Writing the same run again replaces both files.
    /// </summary>
    /// <exception cref="ArgumentException">The run key does not belong to <paramref name="sweepName"/>.</exception>
    public async Task WriteRunAsync(string sweepName, RunRecord record, SampleScores? scores, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var folder = SweepFolder(sweepName);
        if (RunKeys.SweepName(record.RunKey) != sweepName)
        {
            throw new ArgumentException($"Run key \"{record.RunKey}\" does not belong to sweep \"{sweepName}\".", nameof(record));
        }

        var fileName = RunKeys.FileName(record.RunKey) + ParquetExtension;
        var scoresPath = Path.Combine(folder, ScoresFolderName, fileName);
        if (scores is null)
        {
            if (File.Exists(scoresPath))
            {
                File.Delete(scoresPath);
            }
        }
        else
        {
            await WriteParquetAsync(scoresPath, ScoreRecord.FromScores(scores), cancellationToken);
        }

        await WriteParquetAsync(Path.Combine(folder, RunsFolderName, fileName), [record], cancellationToken);
    }

    /// <summary>
    /// Writes per-sample scores to <paramref name="path"/> with the columns of <c>scores/&lt;run&gt;.parquet</c>,
    /// under a temporary name first, then renamed.
    /// </summary>
    public static Task WriteScoresFileAsync(string path, IEnumerable<ScoreRecord> rows, CancellationToken cancellationToken = default) =>
        WriteParquetAsync(path, rows, cancellationToken);

    /// <summary>Reads every finished run of a sweep, ordered by file name; empty when the sweep has no folder.</summary>
    public async Task<IReadOnlyList<RunRecord>> ReadRunsAsync(string sweepName, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(SweepFolder(sweepName), RunsFolderName);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var paths = Directory.EnumerateFiles(folder, "*" + ParquetExtension)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();

        var runs = new List<RunRecord>(paths.Count);
        foreach (var path in paths)
        {
            var run = await ReadSingleRunAsync(path, cancellationToken);
            if (run is not null)
            {
                runs.Add(run);
            }
        }

        return runs;
    }

    /// <summary>Reads one finished run; null when it has not finished or its file is unreadable.</summary>
    public Task<RunRecord?> ReadRunAsync(string sweepName, string runKey, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(SweepFolder(sweepName), RunsFolderName, RunKeys.FileName(runKey) + ParquetExtension);
        return ReadSingleRunAsync(path, cancellationToken);
    }

    /// <summary>Reads the per-sample scores of one run; empty when the run stored none or the file is unreadable.</summary>
    public async Task<IReadOnlyList<ScoreRecord>> ReadScoresAsync(string sweepName, string runKey, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(SweepFolder(sweepName), ScoresFolderName, RunKeys.FileName(runKey) + ParquetExtension);
        return await TryReadParquetAsync<ScoreRecord>(path, cancellationToken) ?? [];
    }

    /// <summary>
    /// Aggregates runs per (dataset, mixture, config, threshold): counts by status, and mean and sample
    /// standard deviation (n - 1 in the denominator) of each metric over the succeeded runs.
    /// </summary>
    public static IReadOnlyList<SummaryRecord> Summarize(IEnumerable<RunRecord> runs) => RunSummarizer.Summarize(runs);

    /// <summary>Recomputes the summary from the run files and writes it as <c>summary.parquet</c>.</summary>
    public async Task<IReadOnlyList<SummaryRecord>> WriteSummaryAsync(string sweepName, CancellationToken cancellationToken = default)
    {
        var summary = Summarize(await ReadRunsAsync(sweepName, cancellationToken));
        await WriteParquetAsync(Path.Combine(SweepFolder(sweepName), SummaryFileName), summary, cancellationToken);
        return summary;
    }

    private async Task<RunRecord?> ReadSingleRunAsync(string path, CancellationToken cancellationToken)
    {
        var rows = await TryReadParquetAsync<RunRecord>(path, cancellationToken);
        if (rows is null)
        {
            return null;
        }

        if (rows.Count != 1)
        {
            LogRunFileRowCount(path, rows.Count);
            return null;
        }

        return rows[0];
    }

    /// <summary>Reads a Parquet file; null when it does not exist or cannot be read, the latter with a logged warning.</summary>
    private async Task<IReadOnlyList<T>?> TryReadParquetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class, new()
    {
        try
        {
            return await ReadParquetAsync<T>(path, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Parquet.Net reports a truncated or foreign file with several exception types. One bad file
            // must not hide the other runs, so every failure is logged and the file skipped.
            LogUnreadableFile(path, exception);
            return null;
        }
    }

    /// <summary>Reads every row of a Parquet file; throws when it is missing or cannot be read.</summary>
    private static async Task<IReadOnlyList<T>> ReadParquetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class, new()
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
        var result = await ParquetSerializer.DeserializeAsync<T>(stream, cancellationToken: cancellationToken);
        return result.Data.ToList();
    }

    private static Task WriteParquetAsync<T>(string path, IEnumerable<T> rows, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, token) => ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: token), cancellationToken);

    /// <summary>Copies sweep.json to sweep.&lt;UTC timestamp&gt;.json, adding a counter if that name is taken.</summary>
    private string ArchiveSweepFile(string folder, string path)
    {
        var timestamp = _timeProvider.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (var counter = 1; ; counter++)
        {
            var suffix = counter == 1 ? timestamp : $"{timestamp}-{counter}";
            var archive = Path.Combine(folder, $"sweep.{suffix}.json");
            try
            {
                File.Copy(path, archive, overwrite: false);
                return archive;
            }
            catch (IOException) when (File.Exists(archive))
            {
                // Another archive from the same second exists; try the next counter.
            }
        }
    }
}
