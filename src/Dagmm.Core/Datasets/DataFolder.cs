namespace Dagmm.Core.Datasets;

/// <summary>Chooses the folder that holds the raw dataset files.</summary>
public static class DataFolder
{
    /// <summary>Environment variable that names the data folder when no option is given.</summary>
    public const string EnvironmentVariable = "DAGMM_DATA";

    /// <summary>
    /// Returns the absolute data folder: <paramref name="option"/> when it is not blank, else the
    /// DAGMM_DATA environment variable when it is not blank, else ~/.cache/dagmm-grid/datasets.
    /// The folder is not created or checked.
    /// </summary>
    public static string Resolve(string? option) =>
        Resolve(
            option,
            Environment.GetEnvironmentVariable(EnvironmentVariable),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    internal static string Resolve(string? option, string? environmentValue, string homeDirectory)
    {
        if (!string.IsNullOrWhiteSpace(option))
        {
            return Path.GetFullPath(option);
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Path.GetFullPath(environmentValue);
        }

        return Path.GetFullPath(Path.Combine(homeDirectory, ".cache", "dagmm-grid", "datasets"));
    }

    /// <summary>
    /// Returns why a dataset file is missing from <paramref name="folder"/>, as a sentence without a
    /// final period: the folder lacks it, the path is a file, or the folder does not exist.
    /// </summary>
    public static string DescribeMissingFile(string folder)
    {
        if (Directory.Exists(folder))
        {
            return $"Folder {folder} does not contain it";
        }

        if (File.Exists(folder))
        {
            return $"{folder} is a file, not a folder";
        }

        return $"Folder {folder} does not exist";
    }
}
