using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Client;

/// <summary>Downloads a missing benchmark file before a command loads it, showing the download on stderr.</summary>
internal static class DatasetFetching
{
    /// <summary>
    /// Makes sure the file of <paramref name="id"/> is in <paramref name="dataDirectory"/>,
    /// downloading it from DAGMM_DATA_MIRROR or the canonical address unless
    /// <paramref name="offline"/> is set.
    /// </summary>
    /// <exception cref="UsageException">
    /// The file is missing in offline mode, the download failed, or DAGMM_DATA_MIRROR is invalid;
    /// grid-client exits 2, because the run lacks its input.
    /// </exception>
    public static async Task EnsureAvailableAsync(DatasetId id, string dataDirectory, bool offline)
    {
        if (DatasetProvisioner.IsAvailable(id, dataDirectory))
        {
            return;
        }

        var options = new DownloadOptions();
        try
        {
            await DownloadDisplay.RunAsync(
                options.Attempts,
                progress => DatasetProvisioner.EnsureAvailableAsync(id, dataDirectory, offline, progress, options: options));
        }
        catch (DatasetFileException error)
        {
            throw new UsageException(error.Message);
        }
        catch (DatasetDownloadException error)
        {
            throw new UsageException(
                $"{error.Message} To take it from a mirror or a local copy, run {DatasetProvisioner.FetchCommand(id, Path.GetFullPath(dataDirectory))} --from URL|DIR, " +
                $"or set {DatasetSource.EnvironmentVariable}.");
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }
    }
}
