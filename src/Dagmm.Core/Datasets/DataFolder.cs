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
}
