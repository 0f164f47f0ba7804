namespace Dagmm.Grid.Sweeps;

/// <summary>The outcome of reading one JSON value: the value, or a problem in the form "problem; fix".</summary>
internal readonly record struct ParsedValue<T>(T? Value, string? Problem)
{
    public bool IsValid => Problem is null;

    public static ParsedValue<T> Valid(T value) => new(value, null);

    public static ParsedValue<T> Invalid(string problem) => new(default, problem);
}
