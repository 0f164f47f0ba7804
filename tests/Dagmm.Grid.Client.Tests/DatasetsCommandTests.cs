using System.Text.Json;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public class DatasetsCommandTests
{
    [Theory]
    [InlineData("kddcup99", 494_021, 118, 97_278)]
    [InlineData("kddcup99-rev", 121_597, 118, 24_319)]
    [InlineData("thyroid", 3_772, 6, 93)]
    [InlineData("arrhythmia", 452, 274, 66)]
    public async Task DatasetsList_json_counts_rows(string id, int rows, int features, int anomalies)
    {
        var outcome = await GridClientProcess.RunAsync("datasets", "list", "--data", SharedData.Directory, "--json");

        Assert.Equal(0, outcome.ExitCode);
        using var document = JsonDocument.Parse(outcome.StandardOutput);
        var entry = document.RootElement.EnumerateArray().Single(element => element.GetProperty("id").GetString() == id);
        Assert.Equal(rows, entry.GetProperty("rows").GetInt32());
        Assert.Equal(features, entry.GetProperty("features").GetInt32());
        Assert.Equal(anomalies, entry.GetProperty("anomalies").GetInt32());
        Assert.Equal((double)anomalies / rows, entry.GetProperty("anomalyRatio").GetDouble(), 12);
    }

    [Fact]
    public async Task DatasetsList_unknown_subcommand_exits_two()
    {
        var outcome = await GridClientProcess.RunAsync("datasets", "remove");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("datasets: expected the subcommand list", outcome.StandardError);
    }
}
