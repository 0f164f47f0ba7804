using System.Text.Json;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// Names what sets a configuration apart from the other configurations of the same dataset and
/// mixture, such as "learningRate 0.001, epochs 50", so a reader can distinguish the summary rows
/// of a grid axis without looking up config hashes.
/// </summary>
internal static class ConfigLabels
{
    /// <summary>The seed varies within a configuration by design, so it never names one.</summary>
    private static readonly HashSet<string> s_ignoredSettings = new(StringComparer.Ordinal) { "seed" };

    /// <summary>
    /// Returns a label per (dataset, mixture, config) that has sibling configurations, built from the
    /// settings whose values differ between the siblings. Configurations without siblings, or with a
    /// sibling whose settings cannot be read, get none and keep the bare hash.
    /// </summary>
    public static IReadOnlyDictionary<(string Dataset, string Mixture, string Config), string> Describe(IEnumerable<RunRecord> runs)
    {
        var labels = new Dictionary<(string, string, string), string>();
        foreach (var group in runs.GroupBy(run => (run.Dataset, run.Mixture)))
        {
            var configs = group
                .GroupBy(run => run.Config, StringComparer.Ordinal)
                .Select(config => (Config: config.Key, Settings: FlattenSettings(config.First().SettingsJson)))
                .ToList();
            // Against a run file without readable settings every setting would differ, which names nothing.
            if (configs.Count < 2 || configs.Any(config => config.Settings.Count == 0))
            {
                continue;
            }

            var differing = configs
                .SelectMany(config => config.Settings.Keys)
                .Distinct(StringComparer.Ordinal)
                .Where(key => configs.Select(config => config.Settings.GetValueOrDefault(key, "")).Distinct(StringComparer.Ordinal).Count() > 1)
                .ToList();
            foreach (var (config, settings) in configs)
            {
                var parts = differing.Select(key => DescribeSetting(key, settings.GetValueOrDefault(key, "unset")));
                labels[(group.Key.Dataset, group.Key.Mixture, config)] = string.Join(", ", parts);
            }
        }

        return labels;
    }

    private static string DescribeSetting(string key, string value) =>
        key == "epochs" && value == "0" ? "epochs 0 (untrained)" : $"{key} {value}";

    /// <summary>Reads the top-level settings of a run's settings_json as raw JSON text per key; an unreadable document gives none.</summary>
    private static Dictionary<string, string> FlattenSettings(string settingsJson)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(settingsJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return settings;
            }

            foreach (var property in document.RootElement.EnumerateObject().Where(property => !s_ignoredSettings.Contains(property.Name)))
            {
                settings[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }
        catch (JsonException)
        {
            // A run file written by hand or by an older version; its row keeps the bare hash.
        }

        return settings;
    }
}
