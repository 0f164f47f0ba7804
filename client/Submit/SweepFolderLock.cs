using Dagmm.Grid.Client.Commands;
using Dagmm.Grid.CommandLine;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// An exclusive lock file in a sweep's results folder, held while an in-process submit runs it, so
/// a second submit of the same sweep into the same folder stops instead of training every run again.
/// The operating system releases the lock when the process ends, also when it is killed.
/// </summary>
internal sealed class SweepFolderLock : IDisposable
{
    public const string FileName = ".submit.lock";

    private readonly FileStream _stream;

    private SweepFolderLock(FileStream stream) => _stream = stream;

    /// <summary>Creates the sweep folder if needed and locks it.</summary>
    /// <exception cref="UsageException">The folder is not writable, or another grid-client holds the lock.</exception>
    public static SweepFolderLock Acquire(string resultsDirectory, string sweepName)
    {
        var folder = Path.Combine(resultsDirectory, sweepName);
        var path = Path.Combine(folder, FileName);
        OutputLocations.PrepareFolder("--results", folder);
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new SweepFolderLock(stream);
        }
        catch (IOException error) when (File.Exists(path) && error is not DirectoryNotFoundException)
        {
            throw new UsageException(
                $"--results: sweep \"{sweepName}\" is already running from another grid-client on {folder} ({FileName} is locked); wait for it to finish, then submit again to reuse its runs");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--results: cannot write the sweep folder {folder} ({OutputLocations.Describe(error)}); choose a writable folder with --results DIR");
        }
    }

    /// <summary>
    /// Whether another process holds the lock of <paramref name="sweepFolder"/>, that is, a
    /// grid-client on this machine runs the sweep in-process right now.
    /// </summary>
    public static bool IsHeld(string sweepFolder)
    {
        var path = Path.Combine(sweepFolder, FileName);
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            // This open takes a shared lock for the moment of the check, which fails while a submit
            // holds its exclusive lock (ResultsFolderCommandsTests checks both states).
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return false;
        }
        catch (IOException error) when (error is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
