using System.Text.Json.Serialization;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>One line of <c>grid-client list</c>.</summary>
internal sealed record SweepEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt);
