namespace Dagmm.Grid.Client.Figures;

/// <summary>The final degrees of freedom of one mixture component in one succeeded learned-nu run.</summary>
/// <param name="Dataset">Dataset id, such as thyroid.</param>
/// <param name="Series">The series of the run, such as "student-t-learned".</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Component">The 1-based component index.</param>
/// <param name="Nu">The final nu of the component.</param>
public sealed record LearnedNuPoint(string Dataset, FigureSeries Series, int Seed, int Component, double Nu);
