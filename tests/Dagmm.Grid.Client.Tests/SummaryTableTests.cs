using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;
using Spectre.Console;

namespace Dagmm.Grid.Client.Tests;

public sealed class SummaryTableTests
{
    private static readonly RunRecord[] s_runs =
    [
        SweepSamples.Succeeded("table", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 3),
        SweepSamples.Succeeded("table", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 2, epochs: 3),
        SweepSamples.Succeeded("table", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1, epochs: 0),
        SweepSamples.Succeeded("table", DatasetId.Thyroid, MixtureSpec.StudentTLearned, seed: 1, epochs: 3),
    ];

    private static string Render(int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        SummaryTable.Write(console, ResultStore.Summarize(s_runs), ConfigLabels.Describe(s_runs));
        return output.ToString();
    }

    [Fact]
    public void Wide_console_shows_every_column()
    {
        var text = Render(200);

        Assert.Contains("│ Dataset │ Mixture           │ Config                       │ Threshold    │ n │", text);
        Assert.Contains("│ thyroid │ gaussian          │ 7bf160: epochs 0 (untrained) │ pooled-ratio │ 1 │         0.270 │", text);
        Assert.Contains("Accuracy", text);
        Assert.Contains("AUPRC", text);
        Assert.DoesNotContain("left out", text);
    }

    [Fact]
    public void Narrow_console_drops_columns_not_words()
    {
        var text = Render(100);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.All(lines.Where(line => line.StartsWith('│')), line => Assert.True(line.Length <= 100, $"line wider than 100: {line}"));
        Assert.Contains("epochs 0 (untrained)", text);
        Assert.DoesNotContain("Accuracy", lines[1]);
        Assert.Contains("threshold: pooled-ratio", text);
        Assert.Contains("left out to fit 100 columns: Accuracy, AUPRC, Threshold", text);
    }
}
