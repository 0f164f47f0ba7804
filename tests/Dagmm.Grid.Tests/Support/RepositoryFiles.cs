namespace Dagmm.Grid.Tests.Support;

/// <summary>Locates files committed in the repository, such as the sweep files under experiments/.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = Locate();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    private static string Locate()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Dagmm.Grid.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"Dagmm.Grid.sln not found above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
