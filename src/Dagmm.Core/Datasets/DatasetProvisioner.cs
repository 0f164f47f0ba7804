using System.Collections.Concurrent;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Puts a benchmark file into the data folder before a run loads it: the first run on a fresh
/// machine downloads the file, later runs find it in place.
/// </summary>
public static class DatasetProvisioner
{
    // One download per target path in this process, so kddcup99 and kddcup99-rev runs that start
    // together do not both write kddcup.data_10_percent.gz.partial.
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_downloads = new(StringComparer.Ordinal);

    /// <summary>Returns whether the file of <paramref name="id"/> exists in <paramref name="dataDirectory"/>, without a checksum check.</summary>
    public static bool IsAvailable(DatasetId id, string dataDirectory) =>
        File.Exists(PathOf(id, dataDirectory));

    /// <summary>
    /// Returns the full path of the file of <paramref name="id"/> in
    /// <paramref name="dataDirectory"/>, downloading it first when the folder lacks it. A file
    /// that is present is returned without a checksum check, because
    /// <see cref="DatasetLoader.Load"/> checks it when the run reads it.
    /// </summary>
    /// <param name="offline">When true, a missing file fails with a message instead of being downloaded.</param>
    /// <param name="progress">Receives download progress. It is not called when the file is present.</param>
    /// <param name="source">
    /// Where to download from; null resolves <see cref="DatasetSource.Resolve(string?)"/> with no
    /// option, which reads DAGMM_DATA_MIRROR and falls back to the canonical address.
    /// </param>
    /// <param name="options">Timeout and retries, or null for the defaults of <see cref="DownloadOptions"/>.</param>
    /// <exception cref="DatasetFileException">The file is missing and <paramref name="offline"/> is true.</exception>
    /// <exception cref="DatasetDownloadException">The download failed or the downloaded file failed its checksum.</exception>
    /// <exception cref="ArgumentException">DAGMM_DATA_MIRROR is set to something that is neither a URL nor an existing folder.</exception>
    public static async Task<string> EnsureAvailableAsync(
        DatasetId id,
        string dataDirectory,
        bool offline,
        IProgress<DownloadProgress>? progress,
        DatasetSource? source = null,
        DownloadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var file = DatasetCatalog.FileOf(id);
        var path = PathOf(id, dataDirectory);
        var folder = Path.GetDirectoryName(path)!;
        if (File.Exists(path))
        {
            return path;
        }

        if (offline)
        {
            throw new DatasetFileException(path, OfflineMessage(id, file, folder));
        }

        var gate = s_downloads.GetOrAdd(path, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have finished the download while this one waited.
            if (File.Exists(path))
            {
                return path;
            }

            using var downloader = new DatasetDownloader(options);
            return await downloader.DownloadAsync(file, folder, source ?? DatasetSource.Resolve(null), progress, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Returns the shell command that downloads the file of <paramref name="id"/> into <paramref name="folder"/>.</summary>
    public static string FetchCommand(DatasetId id, string folder) =>
        $"grid-client datasets fetch {id.ToName()} --data {QuoteForShell(folder)}";

    private static string PathOf(DatasetId id, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return Path.Combine(Path.GetFullPath(dataDirectory), DatasetCatalog.FileOf(id).FileName);
    }

    private static string OfflineMessage(DatasetId id, DatasetFile file, string folder)
    {
        return $"Dataset file {file.FileName} for {id.ToName()} not found in {folder}. {DataFolder.DescribeMissingFile(folder)}, and offline mode does not download it. " +
               $"Run {FetchCommand(id, folder)} on a machine with network access, or copy {file.FileName} into that folder.";
    }

    private static string QuoteForShell(string text) =>
        text.Any(character => char.IsWhiteSpace(character) || character is '\'' or '"' or '$' or '`' or '\\')
            ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : text;
}
