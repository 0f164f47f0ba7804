namespace Dagmm.Grid.CommandLine;

/// <summary>
/// Checks of the paths a command writes to, made before any work starts, so a path that cannot be
/// written fails at once with the option named instead of after a run has trained.
/// </summary>
public static class OutputLocations
{
    /// <summary>Creates <paramref name="folder"/> (given with <paramref name="option"/>) unless it exists.</summary>
    /// <exception cref="UsageException">A file sits on the path, or the folder cannot be created.</exception>
    public static void PrepareFolder(string option, string folder)
    {
        if (FirstFileOnPath(folder) is { } file)
        {
            throw new UsageException($"{option}: {file} is a file, so the folder {folder} cannot be created; choose a folder path");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot create the folder {folder} ({Describe(error)}); choose a writable folder");
        }

        // An existing folder may still refuse new files (permissions, a read-only mount), which the
        // command would otherwise find only after its work.
        try
        {
            using var probe = new FileStream(Path.Combine(folder, $".write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option}: cannot write to the folder {folder} ({Describe(error)}); choose a writable folder");
        }
    }

    /// <summary>
    /// Checks that a file can be created at <paramref name="path"/> (given with <paramref name="option"/>):
    /// the path is no folder, and no file sits where its folder would be created.
    /// </summary>
    /// <exception cref="UsageException">The path is a folder, or a file sits on the folder's path.</exception>
    public static void CheckFile(string option, string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new UsageException($"{option}: {path} is a folder; give a file path inside it, such as {Path.Combine(path, "scores.parquet")}");
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        if (FirstFileOnPath(folder) is { } file)
        {
            throw new UsageException($"{option}: {file} is a file, so {path} cannot be created; choose another path");
        }
    }

    /// <summary>Returns the message of an I/O error without its closing period, for use inside a sentence.</summary>
    public static string Describe(Exception error) => error.Message.TrimEnd('.');

    // The path itself or its nearest ancestor that exists as a file, or null.
    private static string? FirstFileOnPath(string path)
    {
        for (var current = Path.GetFullPath(path); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current))
            {
                return current;
            }
        }

        return null;
    }
}
