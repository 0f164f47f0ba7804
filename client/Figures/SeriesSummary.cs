using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Figures;

/// <summary>The aggregated runs of one series on one dataset: one bar per metric in the figures.</summary>
/// <param name="Dataset">Dataset id, such as thyroid.</param>
/// <param name="Series">The series the bars belong to.</param>
/// <param name="Summary">Counts, means and sample standard deviations over the group's runs.</param>
public sealed record SeriesSummary(string Dataset, FigureSeries Series, SummaryRecord Summary);
