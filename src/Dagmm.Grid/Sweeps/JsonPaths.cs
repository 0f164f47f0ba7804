using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dagmm.Grid.Sweeps;

/// <summary>Builds the JSON paths and value descriptions that sweep-file errors show.</summary>
internal static partial class JsonPaths
{
    public const string Root = "$";

    public static string Property(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Index(string parent, int index) => $"{parent}[{index}]";

    /// <summary>Describes a value for "found ..." messages: strings quoted, numbers and literals as written, containers by kind.</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => JsonSerializer.Serialize(value.GetString()),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => value.GetRawText(),
    };

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PlainName();
}
