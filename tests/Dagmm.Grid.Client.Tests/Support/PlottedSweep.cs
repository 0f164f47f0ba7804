using Dagmm.Core.Datasets;
using Dagmm.Grid.Client.Commands;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Tests.Support;

/// <summary>
/// A results folder with the sweep "paper-mini" (the four datasets, the four paper mixtures, three seeds,
/// an untrained Gaussian baseline and one failed laplace run on kddcup99), plotted once for every test
/// of the class that uses it.
/// </summary>
public sealed class PlottedSweep : IAsyncLifetime
{
    public const string Sweep = "paper-mini";

    public const int Seeds = 3;

    public string ResultsFolder { get; } = Path.Combine(Path.GetTempPath(), $"dagmm-plot-{Guid.NewGuid():N}");

    public string FiguresFolder => Path.Combine(ResultsFolder, Sweep, PlotCommand.FiguresFolderName);

    public int ExitCode { get; private set; } = -1;

    public string StandardOutput { get; private set; } = "";

    public string StandardError { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var store = new ResultStore(ResultsFolder);
        await SweepSamples.WriteSweepAsync(store, Sweep, DatasetIds.All, SweepSamples.PaperMixtures, Seeds, withBaseline: true);

        using var output = new StringWriter();
        using var error = new StringWriter();
        ExitCode = await PlotCommand.RunAsync([Sweep, "--results", ResultsFolder], output, error);
        StandardOutput = output.ToString();
        StandardError = error.ToString();
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(ResultsFolder))
        {
            Directory.Delete(ResultsFolder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
