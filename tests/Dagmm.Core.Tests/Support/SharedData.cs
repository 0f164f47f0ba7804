namespace Dagmm.Core.Tests.Support;

/// <summary>
/// Locates the mirror of the raw UCI files, ../shared/datasets beside the repository root.
/// A missing folder fails the test that asks for it instead of skipping it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> s_directory = new(Locate);

    /// <summary>The mirror folder; throws DirectoryNotFoundException, naming the path and the fix, when it is missing.</summary>
    public static string Directory => s_directory.Value;

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("DAGMM_TEST_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dagmm.Grid.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "datasets"));
                if (!System.IO.Directory.Exists(candidate))
                {
                    throw new DirectoryNotFoundException(
                        $"Dataset mirror not found at {candidate}. Put the raw UCI files there or set DAGMM_TEST_DATA to their folder.");
                }

                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"Dagmm.Grid.sln not found above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
