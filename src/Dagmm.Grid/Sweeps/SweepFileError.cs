namespace Dagmm.Grid.Sweeps;

/// <summary>
/// One problem in a sweep file. <see cref="JsonPath"/> locates the value (empty when the problem
/// concerns the whole file), <see cref="Message"/> is the full line shown to the user:
/// <c>file: location: problem; fix</c>.
/// </summary>
public sealed record SweepFileError(string JsonPath, string Message);
