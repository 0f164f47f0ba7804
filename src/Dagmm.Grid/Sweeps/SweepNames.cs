using System.Text.RegularExpressions;

namespace Dagmm.Grid.Sweeps;

/// <summary>The rule for sweep names, which name a folder under the results root and prefix every run key.</summary>
internal static partial class SweepNames
{
    public const int MaxLength = 100;

    public const string Rule = "letters, digits, '.', '_' and '-', at most 100 characters, not only dots";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && AllowedCharacters().IsMatch(name) && name.Trim('.').Length > 0;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static void ThrowIfInvalid(string? name, string parameterName)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"Sweep name \"{name}\" is invalid; use {Rule}.", parameterName);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex AllowedCharacters();
}
