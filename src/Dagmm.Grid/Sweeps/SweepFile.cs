using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Sweeps;

/// <summary>
/// Reads sweep files (format: docs/sweep-files.md) and expands them into runs. Every problem is
/// reported before anything runs, through <see cref="SweepFileException"/>.
/// </summary>
public static class SweepFile
{
    /// <summary>Reads the file at <paramref name="path"/> and parses it; error messages name the path as given.</summary>
    /// <param name="dataDirectory">
    /// Data folder that the paths of users' tables are relative to. Null uses <see cref="DataFolder.Resolve"/>
    /// without an option. Only sweeps with a user's table read it.
    /// </param>
    /// <exception cref="SweepFileException">The file is missing, unreadable or invalid.</exception>
    public static SweepDefinition Load(string path, string? dataDirectory = null)
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

        return Parse(json, path, dataDirectory);
    }

    /// <summary>
    /// Parses sweep-file text. <paramref name="fileName"/> only labels the error messages. Every
    /// structural problem is collected; the checks that need the expanded runs (each run's
    /// <c>RunSettings.Validate()</c> and duplicate runs) follow when the structure is valid. A
    /// user's table is read here, through <see cref="DatasetCache.Shared"/>, because its size
    /// chooses the preset and its SHA-256 enters the settings.
    /// </summary>
    /// <param name="dataDirectory">As in <see cref="Load"/>.</param>
    /// <exception cref="SweepFileException">The text is not a valid sweep file.</exception>
    public static SweepDefinition Parse(string json, string fileName, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(fileName);
        return new SweepFileParser(fileName, DataFolder.Resolve(dataDirectory)).Parse(json);
    }

    /// <summary>
    /// Rejects users' tables outside <paramref name="dataDirectory"/> when the sweep goes to a
    /// cluster, because every silo reads tables from its own data folder and a path outside it
    /// names a file only the submitting machine has. An in-process submit passes
    /// <paramref name="cluster"/> = false and may read any path.
    /// </summary>
    /// <param name="fileName">Sweep file name for the error messages.</param>
    /// <exception cref="SweepFileException">A table lies outside the data folder and <paramref name="cluster"/> is true.</exception>
    public static void CheckDataPaths(SweepDefinition definition, string fileName, string dataDirectory, bool cluster)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        if (!cluster)
        {
            return;
        }

        var folder = Path.GetFullPath(dataDirectory);
        var errors = definition.Runs
            .Select(run => run.Settings.CustomDataset)
            .OfType<CustomDatasetSpec>()
            .DistinctBy(spec => spec.Name)
            .Where(spec => !spec.IsInside(folder))
            .Select(spec => new SweepFileError(
                JsonPaths.Property(JsonPaths.Root, "datasets"),
                $"{fileName}: $.datasets: dataset \"{spec.Name}\" reads {spec.ResolvePath(folder)}, outside the data folder {folder}; "
                + "silos of a cluster read tables only from their data folder, so copy the file into it and give its path relative to the folder"))
            .ToList();
        if (errors.Count > 0)
        {
            throw new SweepFileException(fileName, errors);
        }
    }
}
