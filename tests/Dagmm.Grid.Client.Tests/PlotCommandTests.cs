using System.Buffers.Binary;
using System.Xml.Linq;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Grid.Client.Commands;
using Dagmm.Grid.Client.Figures;
using Dagmm.Grid.Client.Tests.Support;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Tests;

public sealed class PlotCommandTests(PlottedSweep plotted) : IClassFixture<PlottedSweep>, IDisposable
{
    private static readonly byte[] s_pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static readonly string[] s_mixtureLabels = ["gaussian", "laplace", "student-t-nu4", "student-t-learned"];

    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dagmm-plot-case-{Guid.NewGuid():N}");

    private static readonly string[] s_figureNames =
    [
        "kddcup99-precision-recall-f1",
        "kddcup99-rev-precision-recall-f1",
        "thyroid-precision-recall-f1",
        "arrhythmia-precision-recall-f1",
        SweepFigures.AurocName,
        SweepFigures.LearnedNuName,
    ];

    public static TheoryData<string> FigureNames { get; } = new(s_figureNames);

    [Fact]
    public void Plot_paper_sweep_exits_zero()
    {
        Assert.Equal(GridClient.ExitSuccess, plotted.ExitCode);
    }

    [Fact]
    public void Plot_prints_every_written_path()
    {
        var expected = s_figureNames.SelectMany(name => new[] { $"{name}.png", $"{name}.svg" })
            .Select(file => Path.Combine(plotted.FiguresFolder, file));

        var printed = plotted.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.Equal(expected, printed);
    }

    [Fact]
    public void Plot_notes_failed_run_count()
    {
        Assert.Contains("1 failed and 0 cancelled runs of paper-mini are not plotted", plotted.StandardError);
    }

    [Theory]
    [MemberData(nameof(FigureNames))]
    public async Task Plot_png_has_signature_and_size(string name)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(plotted.FiguresFolder, name + ".png"));

        Assert.Equal(s_pngSignature, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(SweepFigures.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
        Assert.Equal(SweepFigures.Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
    }

    [Theory]
    [MemberData(nameof(FigureNames))]
    public void Plot_svg_parses_with_figure_size(string name)
    {
        var root = XDocument.Load(Path.Combine(plotted.FiguresFolder, name + ".svg")).Root!;

        Assert.Equal(s_svg + "svg", root.Name);
        Assert.Equal(SweepFigures.Width.ToString(), root.Attribute("width")?.Value);
        Assert.Equal(SweepFigures.Height.ToString(), root.Attribute("height")?.Value);
    }

    [Theory]
    [InlineData("kddcup99")]
    [InlineData("kddcup99-rev")]
    [InlineData("thyroid")]
    [InlineData("arrhythmia")]
    public void Plot_metric_svg_names_dataset_and_mixtures(string dataset)
    {
        var texts = SvgTexts(SweepFigures.PrecisionRecallF1Name(dataset));

        Assert.Contains($"paper-mini: {dataset}, precision / recall / F1 (pooled-ratio threshold)", texts);
        Assert.Contains("precision", texts);
        Assert.Contains("recall", texts);
        Assert.Contains("F1", texts);
        foreach (var mixture in s_mixtureLabels)
        {
            Assert.Contains(texts, text => text.StartsWith($"{mixture} (n=", StringComparison.Ordinal));
        }

        Assert.Contains("gaussian untrained (n=3)", texts);
    }

    [Fact]
    public void Plot_metric_legend_counts_failed_run()
    {
        var texts = SvgTexts(SweepFigures.PrecisionRecallF1Name("kddcup99"));

        Assert.Contains("laplace (n=3, 1 failed)", texts);
    }

    [Fact]
    public void Plot_auroc_svg_names_datasets_and_mixtures()
    {
        var texts = SvgTexts(SweepFigures.AurocName);

        Assert.Contains("paper-mini: AUROC per dataset", texts);
        foreach (var dataset in DatasetIds.All)
        {
            Assert.Contains(dataset.ToName(), texts);
        }

        foreach (var mixture in s_mixtureLabels)
        {
            Assert.Contains(texts, text => text.StartsWith($"{mixture} (n=3", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Plot_learned_nu_svg_names_components()
    {
        var texts = SvgTexts(SweepFigures.LearnedNuName);

        Assert.Contains("paper-mini: final learned nu per component", texts);
        Assert.Contains("component 1", texts);
        Assert.Contains("component 4", texts);
        Assert.Contains("starting nu = 4", texts);
        foreach (var dataset in DatasetIds.All)
        {
            Assert.Contains(dataset.ToName(), texts);
        }
    }

    [Fact]
    public async Task Plot_without_learned_nu_skips_figure()
    {
        var store = new ResultStore(_folder);
        await SweepSamples.WriteSweepAsync(store, "fixed", [DatasetId.Thyroid], [MixtureSpec.Gaussian, MixtureSpec.StudentT()], seeds: 2, withBaseline: false);

        var exitCode = await PlotCommand.RunAsync(["fixed", "--results", _folder], TextWriter.Null, TextWriter.Null);

        var files = Directory.GetFiles(Path.Combine(_folder, "fixed", PlotCommand.FiguresFolderName)).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(GridClient.ExitSuccess, exitCode);
        Assert.Equal(["auroc.png", "auroc.svg", "thyroid-precision-recall-f1.png", "thyroid-precision-recall-f1.svg"], files);
    }

    [Fact]
    public async Task Plot_of_running_sweep_notes_partial_figures()
    {
        var store = new ResultStore(_folder);
        await SweepSamples.WriteSweepAsync(store, "ongoing", [DatasetId.Thyroid], [MixtureSpec.Gaussian], seeds: 2, withBaseline: false);
        using var submitLock = new FileStream(Path.Combine(_folder, "ongoing", ".submit.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var error = new StringWriter();

        var exitCode = await PlotCommand.RunAsync(["ongoing", "--results", _folder], TextWriter.Null, error);

        Assert.Equal(GridClient.ExitSuccess, exitCode);
        Assert.Equal("note: ongoing is still running in a grid-client on this machine; the figures show the 2 runs finished so far, so plot again once it ends", error.ToString().Trim());
    }

    [Fact]
    public async Task Plot_out_option_sets_folder()
    {
        var store = new ResultStore(_folder);
        await SweepSamples.WriteSweepAsync(store, "elsewhere", [DatasetId.Arrhythmia], [MixtureSpec.Laplace], seeds: 2, withBaseline: false);
        var output = Path.Combine(_folder, "paper", "figures");

        await PlotCommand.RunAsync(["elsewhere", "--out", output, "--results", _folder], TextWriter.Null, TextWriter.Null);

        Assert.True(File.Exists(Path.Combine(output, "arrhythmia-precision-recall-f1.svg")));
        Assert.False(Directory.Exists(Path.Combine(_folder, "elsewhere", PlotCommand.FiguresFolderName)));
    }

    [Fact]
    public async Task Plot_sweep_file_path_uses_name()
    {
        var store = new ResultStore(_folder);
        await SweepSamples.WriteSweepAsync(store, "from-file", [DatasetId.Thyroid], [MixtureSpec.Gaussian], seeds: 2, withBaseline: false);
        var sweepFile = Path.Combine(_folder, "from-file.json");
        await File.WriteAllTextAsync(sweepFile, """{ "name": "from-file", "datasets": ["thyroid"], "mixtures": ["gaussian"], "seeds": 2 }""");

        var exitCode = await PlotCommand.RunAsync([sweepFile, "--results", _folder], TextWriter.Null, TextWriter.Null);

        Assert.Equal(GridClient.ExitSuccess, exitCode);
        Assert.True(File.Exists(Path.Combine(_folder, "from-file", PlotCommand.FiguresFolderName, "auroc.png")));
    }

    [Fact]
    public async Task Plot_missing_sweep_folder_names_it()
    {
        Directory.CreateDirectory(_folder);

        var error = await Assert.ThrowsAsync<UsageException>(() => PlotCommand.RunAsync(["absent", "--results", _folder]));

        Assert.Contains($"sweep folder {Path.Combine(_folder, "absent")} not found", error.Message);
        Assert.Contains("run grid-client submit SWEEP.json", error.Message);
    }

    [Fact]
    public async Task Plot_only_failed_runs_names_runs_folder()
    {
        var store = new ResultStore(_folder);
        await store.WriteRunAsync("broken", SweepSamples.Failed("broken", DatasetId.Thyroid, MixtureSpec.Gaussian, seed: 1), scores: null);

        var error = await Assert.ThrowsAsync<UsageException>(() => PlotCommand.RunAsync(["broken", "--results", _folder]));

        Assert.Contains($"{Path.Combine(_folder, "broken", ResultStore.RunsFolderName)} contains no succeeded run (1 failed, 0 cancelled)", error.Message);
        Assert.Contains("run grid-client submit SWEEP.json", error.Message);
    }

    [Fact]
    public async Task Plot_empty_sweep_folder_names_runs_folder()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "empty"));

        var error = await Assert.ThrowsAsync<UsageException>(() => PlotCommand.RunAsync(["empty", "--results", _folder]));

        Assert.Contains("contains no succeeded run (0 failed, 0 cancelled)", error.Message);
    }

    [Fact]
    public async Task Plot_unknown_option_is_rejected()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => PlotCommand.RunAsync([PlottedSweep.Sweep, "--format", "pdf"]));

        Assert.Contains("--format: unknown option for 'plot'; accepted options: --anomaly-ratio, --out, --results, --threshold", error.Message);
    }

    [Fact]
    public async Task Plot_invalid_sweep_name_is_rejected()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => PlotCommand.RunAsync(["no such sweep", "--results", _folder]));

        Assert.Contains("\"no such sweep\" is not a sweep name", error.Message);
    }

    [Fact]
    public async Task Plot_missing_sweep_argument_is_rejected()
    {
        var error = await Assert.ThrowsAsync<UsageException>(() => PlotCommand.RunAsync(["--results", _folder]));

        Assert.Contains("sweep: missing", error.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Returns the trimmed content of every text element of a figure's SVG.</summary>
    private List<string> SvgTexts(string name) =>
        XDocument.Load(Path.Combine(plotted.FiguresFolder, name + ".svg"))
            .Descendants(s_svg + "text")
            .Select(element => element.Value.Trim())
            .ToList();
}
