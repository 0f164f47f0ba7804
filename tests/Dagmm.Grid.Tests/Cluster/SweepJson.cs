using System.Text.Json;

namespace Dagmm.Grid.Tests.Cluster;

/// <summary>Writes small thyroid sweep files for the cluster tests.</summary>
internal static class SweepJson
{
    /// <summary>A sweep over thyroid with the given mixtures, seeds 1..<paramref name="seeds"/> and epochs.</summary>
    public static string Thyroid(string name, int seeds, int epochs, params string[] mixtures) =>
        JsonSerializer.Serialize(new
        {
            name,
            datasets = new[] { "thyroid" },
            mixtures = mixtures.Length == 0 ? ["gaussian"] : mixtures,
            seeds,
            overrides = new { epochs },
        });
}
