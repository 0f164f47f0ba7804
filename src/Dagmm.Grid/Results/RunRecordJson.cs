using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dagmm.Grid.Results;

/// <summary>
/// The JSON form of result rows: the Parquet column names as keys, and non-finite numbers as the
/// strings "NaN", "Infinity" and "-Infinity". grid-client prints it, and a coordinator sends run
/// rows in it to clients that cannot read the results folder.
/// </summary>
public static class RunRecordJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(IReadOnlyList<RunRecord> runs) => JsonSerializer.Serialize(runs, Options);

    /// <exception cref="JsonException">The text is not a JSON array of run rows.</exception>
    public static IReadOnlyList<RunRecord> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<RunRecord>>(json, Options) ?? throw new JsonException("expected a JSON array of run rows, got null");
}
