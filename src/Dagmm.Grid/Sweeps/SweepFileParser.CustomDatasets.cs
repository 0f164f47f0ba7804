using System.Text.Json;
using System.Text.RegularExpressions;
using Dagmm.Core.Datasets;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>Reads a user's table given as an object in "datasets" (format: docs/sweep-files.md).</summary>
internal sealed partial class SweepFileParser
{
    private const string CustomFieldNames = "path, label, anomaly, normal, name, categorical, drop, impute or preset";

    /// <summary>The settings a dataset object's "preset" may replace.</summary>
    private static readonly string[] _presetFields = ["encoderLayers", "estimationHidden", "components", "epochs", "batchSize", "anomalyRatio"];

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex CustomNamePattern();

    private DatasetEntry? ReadCustomDataset(JsonElement item, string path)
    {
        string? filePath = null, label = null, name = null, pathPath = null;
        string[] anomaly = [], normal = [], categorical = [], drop = [];
        var impute = MissingValuePolicy.Reject;
        List<Assignment> preset = [];
        var errorsBefore = _errors.Count;

        foreach (var (field, value, fieldPath) in UniqueProperties(item, path))
        {
            switch (field)
            {
                case "path": filePath = ReadText(value, fieldPath, "\"data/my.csv\""); pathPath = fieldPath; break;
                case "label": label = ReadText(value, fieldPath, "\"is_fraud\""); break;
                case "name": name = ReadText(value, fieldPath, "\"fraud\""); break;
                case "anomaly": anomaly = ReadLabelValues(value, fieldPath); break;
                case "normal": normal = ReadLabelValues(value, fieldPath); break;
                case "categorical": categorical = ReadColumnNames(value, fieldPath); break;
                case "drop": drop = ReadColumnNames(value, fieldPath); break;
                case "impute": impute = ReadImpute(value, fieldPath); break;
                case "preset": preset = ReadPreset(value, fieldPath); break;
                default: AddError(fieldPath, $"unknown field \"{field}\"; expected {CustomFieldNames}"); break;
            }
        }

        if (filePath is null) AddError(path, "missing field \"path\"; add the table's path relative to the data folder, such as \"path\": \"my.csv\"");
        if (label is null) AddError(path, "missing field \"label\"; add the header of the label column, such as \"label\": \"is_fraud\"");
        if (anomaly.Length == 0 && !item.TryGetProperty("anomaly", out _))
        {
            AddError(path, "missing field \"anomaly\"; add the label value of the anomaly class, such as \"anomaly\": \"1\"");
        }

        if (_errors.Count > errorsBefore || filePath is null || label is null)
        {
            return null;
        }

        name ??= DefaultName(filePath);
        if (!CustomNamePattern().IsMatch(name) || DatasetIds.TryParse(name, out _) || name == DatasetId.Custom.ToName())
        {
            AddError(item.TryGetProperty("name", out _) ? JsonPaths.Property(path, "name") : path,
                $"\"{name}\" is not a valid dataset name; use 1 to 64 lower-case letters, digits, '-' and '_', not a benchmark id or \"custom\", and set it with \"name\"");
            return null;
        }

        var spec = new CustomDatasetSpec
        {
            Name = name, Path = filePath, Label = label, AnomalyValues = anomaly, NormalValues = normal,
            Categorical = categorical, Drop = drop, Impute = impute,
        };
        var fullPath = spec.ResolvePath(_dataDirectory);
        if (!File.Exists(fullPath))
        {
            AddError(pathPath!, $"file {fullPath} not found; paths are relative to the data folder {_dataDirectory}, so put the table there, give an absolute path or set --data");
            return null;
        }

        try
        {
            spec = spec with { Sha256 = CustomDatasetLoader.Sha256Of(fullPath) };
            var summary = DatasetCache.Shared.Get(spec, _dataDirectory).Describe();
            return new DatasetEntry(DatasetId.Custom, path, spec, summary, preset);
        }
        catch (Exception error) when (error is DatasetFormatException or DatasetFileException or IOException or UnauthorizedAccessException)
        {
            AddError(path, error.Message);
            return null;
        }
    }

    /// <summary>Returns the file name without its extensions, in lower case, with other characters as '-'.</summary>
    private static string DefaultName(string filePath)
    {
        var name = Path.GetFileName(filePath);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^3];
        }

        name = Path.GetFileNameWithoutExtension(name).ToLowerInvariant();
        var characters = name.Select(character => char.IsAsciiLetterOrDigit(character) || character is '_' or '-' ? character : '-').ToArray();
        return new string(characters).Trim('-');
    }

    private string? ReadText(JsonElement value, string path, string example)
    {
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            AddError(path, $"expected a non-empty string, found {JsonPaths.Describe(value)}; write for example {example}");
            return null;
        }

        return value.GetString()!.Trim();
    }

    /// <summary>Reads one label value or a list of them; numbers count as their JSON text, so 1 matches the cell "1".</summary>
    private string[] ReadLabelValues(JsonElement value, string path)
    {
        IEnumerable<(JsonElement Item, string Path)> items = value.ValueKind == JsonValueKind.Array
            ? NonEmptyList(value, path, "a label value or a list of them", "\"1\" or [\"fraud\", \"chargeback\"]", "give at least one label value")
            : [(value, path)];
        var values = new List<string>();
        foreach (var (item, itemPath) in items)
        {
            switch (item.ValueKind)
            {
                case JsonValueKind.String: values.Add(item.GetString()!.Trim()); break;
                case JsonValueKind.Number: values.Add(item.GetRawText()); break;
                default: AddError(itemPath, $"expected a label value as a string or number, found {JsonPaths.Describe(item)}; write for example \"1\""); break;
            }
        }

        return [.. values];
    }

    private string[] ReadColumnNames(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError(path, $"expected a list of column names, found {JsonPaths.Describe(value)}; write for example [\"country\"]");
            return [];
        }

        var names = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var name = ReadText(item, JsonPaths.Index(path, index++), "\"country\"");
            if (name is not null)
            {
                names.Add(name);
            }
        }

        return [.. names];
    }

    private MissingValuePolicy ReadImpute(JsonElement value, string path)
    {
        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "mean": return MissingValuePolicy.Mean;
            case "none": return MissingValuePolicy.Reject;
            default:
                AddError(path, $"expected \"mean\" or \"none\", found {JsonPaths.Describe(value)}; \"mean\" fills missing and non-numeric cells with the training-rows mean");
                return MissingValuePolicy.Reject;
        }
    }

    private List<Assignment> ReadPreset(JsonElement value, string path)
    {
        var assignments = ReadSettings(value, path);
        foreach (var assignment in assignments.Where(assignment => !_presetFields.Contains(assignment.Field)))
        {
            AddError(assignment.Path, $"\"{assignment.Field}\" is not a preset setting; a dataset's preset sets {string.Join(", ", _presetFields)}, and other settings go in \"overrides\"");
        }

        return [.. assignments.Where(assignment => _presetFields.Contains(assignment.Field))];
    }

    /// <summary>Returns the settings a run of <paramref name="dataset"/> starts from, before any override.</summary>
    private static RunSettings StartingSettings(DatasetEntry dataset, Core.Mixtures.MixtureSpec mixture, int seed) =>
        dataset.Custom is { } custom
            ? RunSettings.ForCustomDataset(custom, dataset.Summary!, mixture, seed)
            : RunSettings.ForPreset(dataset.Dataset, mixture, seed);
}
