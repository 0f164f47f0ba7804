using Dagmm.Grid.Sweeps;
using Dagmm.Grid.Tests.Support;

namespace Dagmm.Grid.Tests.Sweeps;

public sealed class DocumentedExampleTests
{
    [Fact]
    public void Example_in_docs_has_sixty_runs()
    {
        var markdown = File.ReadAllText(RepositoryFiles.PathOf("docs/sweep-files.md"));
        var start = markdown.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        var end = markdown.IndexOf("```", start, StringComparison.Ordinal);

        var sweep = SweepFile.Parse(markdown[start..end], "docs/sweep-files.md");

        Assert.Equal(60, sweep.Runs.Count);
    }
}
