using System.Globalization;
using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Training;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Client.Figures;

/// <summary>
/// What the figures of one sweep show: the runs aggregated per (dataset, mixture, config, threshold)
/// with <see cref="ResultStore.Summarize"/>, each group assigned to a <see cref="FigureSeries"/>, and the
/// final nu per component of every succeeded learned-nu run.
/// </summary>
public sealed record SweepFigureData
{
    private static readonly Comparer<FigureSeries> s_seriesOrder = Comparer<FigureSeries>.Create((left, right) =>
    {
        var byMixture = MixtureRank(left.Mixture).CompareTo(MixtureRank(right.Mixture));
        if (byMixture != 0)
        {
            return byMixture;
        }

        var byMixtureName = string.CompareOrdinal(left.Mixture, right.Mixture);
        if (byMixtureName != 0)
        {
            return byMixtureName;
        }

        var byTraining = left.IsUntrained.CompareTo(right.IsUntrained);
        return byTraining != 0 ? byTraining : string.CompareOrdinal(left.Label, right.Label);
    });

    public required string Sweep { get; init; }

    /// <summary>Datasets in the order kddcup99, kddcup99-rev, thyroid, arrhythmia, then any other in ordinal order.</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>Every series of the sweep, ordered by mixture (gaussian, laplace, student-t by nu, learned nu), trained before untrained.</summary>
    public required IReadOnlyList<FigureSeries> Series { get; init; }

    /// <summary>One entry per (dataset, series), failed and cancelled groups included, in dataset then series order.</summary>
    public required IReadOnlyList<SeriesSummary> Summaries { get; init; }

    /// <summary>Final nu per component of the succeeded trained (epochs above 0) runs with a learned nu; empty when the sweep has none.</summary>
    public required IReadOnlyList<LearnedNuPoint> LearnedNu { get; init; }

    /// <summary>
    /// The starting nu of every learned-nu run, read from its settings JSON; null when the sweep has no
    /// learned-nu run, when the runs start from different values, or when a settings JSON cannot be read.
    /// </summary>
    public required double? LearnedNuStart { get; init; }

    /// <summary>The threshold protocol of every run, or null when the sweep uses several (then each series names its own).</summary>
    public required string? Threshold { get; init; }

    public required int SucceededRuns { get; init; }

    public required int FailedRuns { get; init; }

    public required int CancelledRuns { get; init; }

    /// <summary>Groups the runs of <paramref name="sweep"/> into series and summaries.</summary>
    /// <exception cref="InvalidDataException">A learned_nu value is not a comma-separated list of numbers.</exception>
    public static SweepFigureData Create(string sweep, IReadOnlyList<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(runs);

        var summaries = ResultStore.Summarize(runs);
        var thresholds = summaries.Select(summary => summary.Threshold).Distinct(StringComparer.Ordinal).ToList();
        var labels = SeriesLabels(summaries, severalThresholds: thresholds.Count > 1);

        var seriesByLabel = new Dictionary<string, FigureSeries>(StringComparer.Ordinal);
        var entries = new List<SeriesSummary>(summaries.Count);
        foreach (var summary in summaries)
        {
            var label = labels[summary];
            if (!seriesByLabel.TryGetValue(label, out var series))
            {
                series = new FigureSeries(label, summary.Mixture, summary.Epochs == 0);
                seriesByLabel.Add(label, series);
            }

            entries.Add(new SeriesSummary(summary.Dataset, series, summary));
        }

        var orderedSeries = seriesByLabel.Values.OrderBy(series => series, s_seriesOrder).ToList();
        var seriesRank = orderedSeries.Select((series, index) => (series, index)).ToDictionary(pair => pair.series, pair => pair.index);
        var datasets = summaries.Select(summary => summary.Dataset).Distinct(StringComparer.Ordinal).OrderBy(DatasetRank).ThenBy(name => name, StringComparer.Ordinal).ToList();
        var datasetRank = datasets.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);

        var succeeded = RunRecord.StatusName(RunStatus.Succeeded);
        var seriesOfGroup = entries.ToDictionary(entry => GroupKey(entry.Summary), entry => entry.Series);
        // An untrained run's final nu is its starting value, which the figure draws as a line instead.
        var learnedRuns = runs.Where(run => run.Status == succeeded && run.Epochs > 0 && run.LearnedNu.Length > 0).ToList();
        var learnedNu = learnedRuns
            .OrderBy(run => run.Seed)
            .SelectMany(run => ParseLearnedNu(run).Select((nu, index) =>
                new LearnedNuPoint(run.Dataset, seriesOfGroup[(run.Dataset, run.Mixture, run.Config, run.Threshold)], run.Seed, index + 1, nu)))
            .OrderBy(point => datasetRank[point.Dataset])
            .ThenBy(point => seriesRank[point.Series])
            .ThenBy(point => point.Component)
            .ThenBy(point => point.Seed)
            .ToList();

        return new SweepFigureData
        {
            Sweep = sweep,
            Datasets = datasets,
            Series = orderedSeries,
            Summaries = entries.OrderBy(entry => datasetRank[entry.Dataset]).ThenBy(entry => seriesRank[entry.Series]).ToList(),
            LearnedNu = learnedNu,
            LearnedNuStart = CommonStartingNu(learnedRuns),
            Threshold = thresholds.Count == 1 ? thresholds[0] : null,
            SucceededRuns = summaries.Sum(summary => summary.N),
            FailedRuns = summaries.Sum(summary => summary.NFailed),
            CancelledRuns = summaries.Sum(summary => summary.NCancelled),
        };
    }

    /// <summary>Returns the summaries of <paramref name="dataset"/> in series order.</summary>
    public IReadOnlyList<SeriesSummary> SummariesOf(string dataset) =>
        Summaries.Where(entry => entry.Dataset == dataset).ToList();

    /// <summary>
    /// Names each group by its mixture, then adds only what is needed to tell it apart from the other
    /// groups of the same dataset: "untrained" or the epoch count, the threshold protocol, the config hash.
    /// </summary>
    private static Dictionary<SummaryRecord, string> SeriesLabels(IReadOnlyList<SummaryRecord> summaries, bool severalThresholds)
    {
        var labels = new Dictionary<SummaryRecord, string>(ReferenceEqualityComparer.Instance);
        foreach (var summary in summaries)
        {
            var trainedEpochCounts = summaries
                .Where(other => other.Dataset == summary.Dataset && other.Mixture == summary.Mixture && other.Epochs > 0)
                .Select(other => other.Epochs)
                .Distinct()
                .Count();

            var label = summary.Mixture;
            if (summary.Epochs == 0)
            {
                label += " untrained";
            }
            else if (trainedEpochCounts > 1)
            {
                label += string.Create(CultureInfo.InvariantCulture, $" {summary.Epochs} epochs");
            }

            if (severalThresholds)
            {
                label += " " + summary.Threshold;
            }

            labels.Add(summary, label);
        }

        foreach (var clash in summaries.GroupBy(summary => (summary.Dataset, Label: labels[summary])).Where(group => group.Count() > 1))
        {
            foreach (var summary in clash)
            {
                labels[summary] += " cfg-" + summary.Config;
            }
        }

        return labels;
    }

    private static (string Dataset, string Mixture, string Config, string Threshold) GroupKey(SummaryRecord summary) =>
        (summary.Dataset, summary.Mixture, summary.Config, summary.Threshold);

    private static IReadOnlyList<double> ParseLearnedNu(RunRecord run)
    {
        var values = new List<double>();
        foreach (var part in run.LearnedNu.Split(','))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var nu) || !double.IsFinite(nu))
            {
                throw new InvalidDataException(
                    $"run {run.RunKey}: learned_nu \"{run.LearnedNu}\" is invalid; expected finite numbers separated by commas. Rerun the run to rewrite its file.");
            }

            values.Add(nu);
        }

        return values;
    }

    private static double? CommonStartingNu(IReadOnlyList<RunRecord> learnedRuns)
    {
        var starts = new HashSet<double>();
        foreach (var run in learnedRuns)
        {
            try
            {
                starts.Add(RunSettingsJson.Deserialize(run.SettingsJson).Mixture.Nu);
            }
            catch (JsonException)
            {
                // The starting value only draws a reference line, so the figure is still right without it.
                return null;
            }
        }

        return starts.Count == 1 ? starts.Single() : null;
    }

    private static int DatasetRank(string name) =>
        DatasetIds.TryParse(name, out var id) ? (int)id : int.MaxValue;

    /// <summary>Orders gaussian, laplace, fixed-nu Student-t by nu, learned-nu Student-t, then unknown labels.</summary>
    private static (int Family, double Nu) MixtureRank(string mixture)
    {
        const string fixedNuPrefix = "student-t-nu";
        return mixture switch
        {
            "gaussian" => (0, 0),
            "laplace" => (1, 0),
            "student-t-learned" => (3, 0),
            _ when mixture.StartsWith(fixedNuPrefix, StringComparison.Ordinal)
                && double.TryParse(mixture[fixedNuPrefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var nu) => (2, nu),
            _ => (4, 0),
        };
    }
}
