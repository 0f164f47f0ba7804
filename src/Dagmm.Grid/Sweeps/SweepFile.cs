namespace Dagmm.Grid.Sweeps;

/// <summary>
/// Reads sweep files (format: docs/sweep-files.md) and expands them into runs. Every problem is
/// reported before anything runs, through <see cref="SweepFileException"/>.
/// </summary>
public static class SweepFile
{
    /// <summary>Reads the file at <paramref name="path"/> and parses it; error messages name the path as given.</summary>
    /// <exception cref="SweepFileException">The file is missing, unreadable or invalid.</exception>
    public static SweepDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new SweepFileException(path, "", $"{path}: file not found; check the path of the sweep file", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new SweepFileException(path, "", $"{path}: cannot be read ({exception.Message}); check that it is a readable file", exception);
        }

        return Parse(json, path);
    }

    /// <summary>
    /// Parses sweep-file text. <paramref name="fileName"/> only labels the error messages. Every
    /// structural problem is collected; the checks that need the expanded runs (each run's
    /// <c>RunSettings.Validate()</c> and duplicate runs) follow when the structure is valid.
    /// </summary>
    /// <exception cref="SweepFileException">The text is not a valid sweep file.</exception>
    public static SweepDefinition Parse(string json, string fileName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        return new SweepFileParser(fileName).Parse(json);
    }
}
