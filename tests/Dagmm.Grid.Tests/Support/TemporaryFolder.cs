namespace Dagmm.Grid.Tests.Support;

/// <summary>A fresh folder under the system temporary folder, deleted with its content on dispose.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dagmm-grid-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder under /tmp does no harm to other tests.
        }
    }
}
