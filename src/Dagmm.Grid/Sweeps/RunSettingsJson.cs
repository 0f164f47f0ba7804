using System.Text;
using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>
/// The canonical JSON form of <see cref="RunSettings"/>: one line, camelCase names in the declaration
/// order of <see cref="RunSettings"/>, every setting present, numbers in invariant shortest round-trip
/// form and non-finite numbers as the strings "NaN", "Infinity" and "-Infinity". Equal settings give
/// equal text, so the text travels in grain messages and is hashed into run keys. A user's table
/// writes "dataset": "custom" followed by a "customDataset" object. Benchmark settings never carry
/// that field, so their text and run keys did not change when custom datasets were added.
/// </summary>
public static class RunSettingsJson
{
    private static readonly JsonWriterOptions _writerOptions = new() { Indented = false };

    private static readonly string[] _identityFields = ["dataset", "mixture", "seed"];

    private static readonly string[] _mixtureFields = ["family", "nu", "learnNu"];

    private static readonly string[] _customFields = ["name", "path", "label", "anomaly", "normal", "categorical", "drop", "impute", "sha256"];

    private const string CustomDatasetField = "customDataset";

    /// <summary>Writes <paramref name="settings"/> as canonical JSON.</summary>
    public static string Serialize(RunSettings settings) => Write(settings, includeSeed: true);

    /// <summary>Writes the canonical JSON without the seed, so every seed of one configuration gives the same text.</summary>
    internal static string SerializeConfiguration(RunSettings settings) => Write(settings, includeSeed: false);

    /// <summary>
    /// Reads canonical JSON written by <see cref="Serialize"/>. Every field must be present exactly once
    /// and no other field may appear. Throws <see cref="JsonException"/> for malformed JSON and, naming
    /// the field, for a missing, repeated, unknown or invalid field.
    /// </summary>
    public static RunSettings Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Run settings JSON must be an object, found {JsonPaths.Describe(root)}.");
        }

        var isCustom = root.TryGetProperty("dataset", out var datasetValue)
            && datasetValue.ValueKind == JsonValueKind.String
            && datasetValue.GetString() == DatasetId.Custom.ToName();
        var expected = _identityFields.Concat(isCustom ? [CustomDatasetField] : []).Concat(SettingFields.All.Select(field => field.Name));
        var fields = ReadFields(root, expected, "run settings");

        var datasetName = fields["dataset"].ValueKind == JsonValueKind.String ? fields["dataset"].GetString() : null;
        var dataset = DatasetId.Custom;
        if (!isCustom && !DatasetIds.TryParse(datasetName, out dataset))
        {
            throw new JsonException($"dataset: unknown dataset {JsonPaths.Describe(fields["dataset"])}; expected {DatasetIds.AcceptedNames} or custom.");
        }

        var mixture = ReadMixture(fields["mixture"]);
        var seed = SettingFields.ReadInteger(fields["seed"], "1");
        if (!seed.IsValid)
        {
            throw new JsonException($"seed: {seed.Problem}.");
        }

        // Every setting field follows, so the thyroid preset under a custom dataset is only a starting point.
        var settings = isCustom
            ? RunSettings.ForPreset(DatasetId.Thyroid, mixture, seed.Value) with { Dataset = DatasetId.Custom, CustomDataset = ReadCustomDataset(fields[CustomDatasetField]) }
            : RunSettings.ForPreset(dataset, mixture, seed.Value);
        foreach (var field in SettingFields.All)
        {
            var change = field.Read(fields[field.Name]);
            if (!change.IsValid)
            {
                throw new JsonException($"{field.Name}: {change.Problem}.");
            }

            settings = change.Value!(settings);
        }

        return settings;
    }

    private static string Write(RunSettings settings, bool includeSeed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("dataset", settings.Dataset.ToName());
            if (settings.CustomDataset is { } custom)
            {
                WriteCustomDataset(writer, custom);
            }

            writer.WritePropertyName("mixture");
            writer.WriteStartObject();
            writer.WriteString("family", settings.Mixture.FamilyName);
            writer.WritePropertyName("nu");
            SettingFields.WriteReal(writer, settings.Mixture.Nu);
            writer.WriteBoolean("learnNu", settings.Mixture.LearnNu);
            writer.WriteEndObject();

            if (includeSeed)
            {
                writer.WriteNumber("seed", settings.Seed);
            }

            foreach (var field in SettingFields.All)
            {
                writer.WritePropertyName(field.Name);
                field.Write(writer, settings);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteCustomDataset(Utf8JsonWriter writer, CustomDatasetSpec custom)
    {
        writer.WritePropertyName(CustomDatasetField);
        writer.WriteStartObject();
        writer.WriteString("name", custom.Name);
        writer.WriteString("path", custom.Path);
        writer.WriteString("label", custom.Label);
        WriteStrings(writer, "anomaly", custom.AnomalyValues);
        WriteStrings(writer, "normal", custom.NormalValues);
        WriteStrings(writer, "categorical", custom.Categorical);
        WriteStrings(writer, "drop", custom.Drop);
        writer.WriteString("impute", custom.Impute == MissingValuePolicy.Mean ? "mean" : "none");
        writer.WriteString("sha256", custom.Sha256);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WritePropertyName(name);
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static CustomDatasetSpec ReadCustomDataset(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{CustomDatasetField}: expected an object with {string.Join(", ", _customFields)}, found {JsonPaths.Describe(value)}.");
        }

        var fields = ReadFields(value, _customFields, CustomDatasetField);
        var impute = ReadString(fields, "impute") switch
        {
            "none" => MissingValuePolicy.Reject,
            "mean" => MissingValuePolicy.Mean,
            _ => throw new JsonException($"{CustomDatasetField}.impute: expected \"none\" or \"mean\", found {JsonPaths.Describe(fields["impute"])}."),
        };
        return new CustomDatasetSpec
        {
            Name = ReadString(fields, "name"),
            Path = ReadString(fields, "path"),
            Label = ReadString(fields, "label"),
            AnomalyValues = ReadStrings(fields, "anomaly"),
            NormalValues = ReadStrings(fields, "normal"),
            Categorical = ReadStrings(fields, "categorical"),
            Drop = ReadStrings(fields, "drop"),
            Impute = impute,
            Sha256 = ReadString(fields, "sha256"),
        };
    }

    private static string ReadString(Dictionary<string, JsonElement> fields, string name) =>
        fields[name].ValueKind == JsonValueKind.String
            ? fields[name].GetString()!
            : throw new JsonException($"{CustomDatasetField}.{name}: expected a string, found {JsonPaths.Describe(fields[name])}.");

    private static string[] ReadStrings(Dictionary<string, JsonElement> fields, string name)
    {
        var value = fields[name];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            throw new JsonException($"{CustomDatasetField}.{name}: expected a list of strings, found {JsonPaths.Describe(value)}.");
        }

        return [.. value.EnumerateArray().Select(item => item.GetString()!)];
    }

    private static MixtureSpec ReadMixture(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"mixture: expected an object with {string.Join(", ", _mixtureFields)}, found {JsonPaths.Describe(value)}.");
        }

        var fields = ReadFields(value, _mixtureFields, "mixture");
        var familyName = fields["family"].ValueKind == JsonValueKind.String ? fields["family"].GetString() : null;
        if (!MixtureSpec.TryParseFamily(familyName, out var family))
        {
            throw new JsonException($"mixture.family: unknown mixture {JsonPaths.Describe(fields["family"])}; expected {MixtureSpec.AcceptedFamilies}.");
        }

        var nu = SettingFields.ReadReal(fields["nu"], "4");
        if (!nu.IsValid)
        {
            throw new JsonException($"mixture.nu: {nu.Problem}.");
        }

        var learnNu = fields["learnNu"].ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new JsonException($"mixture.learnNu: expected true or false, found {JsonPaths.Describe(fields["learnNu"])}."),
        };
        return new MixtureSpec(family, nu.Value, learnNu);
    }

    private static Dictionary<string, JsonElement> ReadFields(JsonElement value, IEnumerable<string> expected, string objectName)
    {
        var expectedNames = expected.ToList();
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!expectedNames.Contains(property.Name))
            {
                throw new JsonException($"{property.Name}: unknown field in {objectName}; expected {string.Join(", ", expectedNames)}.");
            }

            if (!fields.TryAdd(property.Name, property.Value))
            {
                throw new JsonException($"{property.Name}: the field appears twice in {objectName}; keep one.");
            }
        }

        var missing = expectedNames.Where(name => !fields.ContainsKey(name)).ToList();
        if (missing.Count > 0)
        {
            throw new JsonException($"{string.Join(", ", missing)}: missing from {objectName}; canonical settings JSON carries every field.");
        }

        return fields;
    }
}
