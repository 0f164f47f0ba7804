using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

/// <summary>
/// Reads one sweep file. The first pass collects every structural problem: fields, types, names and
/// empty lists. Only a file without such problems reaches the second pass, which expands the runs and checks each of them.
/// </summary>
internal sealed partial class SweepFileParser
{
    /// <summary>A bound that turns a typo such as "seeds": 1000000 into an error instead of an out-of-memory crash.</summary>
    public const int MaxRuns = 100_000;

    private static readonly JsonDocumentOptions _documentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    private const string TopLevelFieldNames = "name, description, datasets, mixtures, seeds, maxAttempts, overrides, datasetOverrides or grid";

    private const string MixtureFieldNames = "family, nu or overrides";

    private readonly string _fileName;
    private readonly string _dataDirectory;
    private readonly List<SweepFileError> _errors = [];

    /// <param name="dataDirectory">Absolute data folder that the paths of users' tables are relative to.</param>
    public SweepFileParser(string fileName, string dataDirectory)
    {
        _fileName = fileName;
        _dataDirectory = dataDirectory;
    }

    public SweepDefinition Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new SweepFileException(_fileName, JsonPaths.Root,
                $"{_fileName}: the file is empty; write a JSON object with name, datasets, mixtures and seeds, as in experiments/quick.json");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, _documentOptions);
        }
        catch (JsonException exception)
        {
            throw SyntaxError(exception);
        }

        using (document)
        {
            var body = ReadBody(document.RootElement);
            ThrowIfErrors();

            var runs = ExpandRuns(body);
            ThrowIfErrors();

            return new SweepDefinition(body.Name, runs, body.MaxAttempts, json);
        }
    }

    private SweepBody ReadBody(JsonElement root)
    {
        var body = new SweepBody();
        if (root.ValueKind != JsonValueKind.Object)
        {
            AddError(JsonPaths.Root, $"expected an object with name, datasets, mixtures and seeds, found {JsonPaths.Describe(root)}; see docs/sweep-files.md");
            return body;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value, path) in UniqueProperties(root, JsonPaths.Root))
        {
            present.Add(name);
            switch (name)
            {
                case "name": body.Name = ReadName(value, path); break;
                case "description": ReadDescription(value, path); break;
                case "datasets": body.Datasets = ReadDatasets(value, path); break;
                case "mixtures": body.Mixtures = ReadMixtures(value, path); break;
                case "seeds": body.Seeds = ReadSeeds(value, path); break;
                case "maxAttempts": body.MaxAttempts = ReadMaxAttempts(value, path); break;
                case "overrides": body.Overrides = ReadSettings(value, path); break;
                case "datasetOverrides": body.DatasetOverrides = ReadDatasetOverrides(value, path); break;
                case "grid": body.Grid = ReadGrid(value, path); break;
                default: AddError(path, UnknownTopLevelField(name)); break;
            }
        }

        RequireField(present, "name", "add a sweep name such as \"name\": \"quick\"");
        RequireField(present, "datasets", "add a list such as \"datasets\": [\"thyroid\"]");
        RequireField(present, "mixtures", "add a list such as \"mixtures\": [\"gaussian\"]");
        RequireField(present, "seeds", "add a count such as \"seeds\": 3 or a list such as \"seeds\": [1, 2, 3]");
        CheckSettingsReplacedByGrid(body);
        return body;
    }

    private static string UnknownTopLevelField(string name)
    {
        if (SettingFields.TryFind(name, out _))
        {
            return $"unknown field \"{name}\"; settings for every run go inside \"overrides\", for example \"overrides\": {{\"{name}\": ...}}";
        }

        return $"unknown field \"{name}\"; expected {TopLevelFieldNames}";
    }

    private void RequireField(HashSet<string> present, string name, string fix)
    {
        if (!present.Contains(name))
        {
            AddError(JsonPaths.Root, $"missing field \"{name}\"; {fix}");
        }
    }

    /// <summary>Reports settings that a grid axis of the same name always replaces, because such a value can never take effect.</summary>
    private void CheckSettingsReplacedByGrid(SweepBody body)
    {
        var gridFields = body.Grid.Select(axis => axis.Field).ToHashSet(StringComparer.Ordinal);
        var assignments = body.Datasets.SelectMany(dataset => dataset.Preset ?? [])
            .Concat(body.Overrides)
            .Concat(body.DatasetOverrides.Values.SelectMany(list => list))
            .Concat(body.Mixtures.SelectMany(mixture => mixture.Overrides));
        foreach (var assignment in assignments.Where(assignment => gridFields.Contains(assignment.Field)))
        {
            AddError(assignment.Path, $"the grid also sets {assignment.Field} and replaces this value in every run; remove it here or from the grid");
        }
    }

    /// <summary>Yields the items of a list, reporting a value that is not a list or an empty list.</summary>
    private IEnumerable<(JsonElement Item, string Path)> NonEmptyList(JsonElement value, string path, string expected, string example, string emptyFix)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError(path, $"expected {expected}, found {JsonPaths.Describe(value)}; write for example {example}");
            yield break;
        }

        if (value.GetArrayLength() == 0)
        {
            AddError(path, $"the list is empty; {emptyFix}");
            yield break;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            yield return (item, JsonPaths.Index(path, index));
            index++;
        }
    }

    /// <summary>Yields the properties of an object, reporting and skipping a repeated name.</summary>
    private IEnumerable<(string Name, JsonElement Value, string Path)> UniqueProperties(JsonElement value, string path)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = JsonPaths.Property(path, property.Name);
            if (!seen.Add(property.Name))
            {
                AddError(propertyPath, $"field \"{property.Name}\" appears twice; keep one");
                continue;
            }

            yield return (property.Name, property.Value, propertyPath);
        }
    }

    private SweepFileException SyntaxError(JsonException exception)
    {
        var line = (exception.LineNumber ?? 0) + 1;
        var column = (exception.BytePositionInLine ?? 0) + 1;
        var problem = exception.Message;
        var locationStart = problem.IndexOf(" Path: ", StringComparison.Ordinal);
        if (locationStart < 0)
        {
            locationStart = problem.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        if (locationStart >= 0)
        {
            problem = problem[..locationStart];
        }

        problem = problem.TrimEnd().TrimEnd('.');
        var message = $"{_fileName}: line {line}, column {column}: {problem}; fix the JSON syntax";
        return new SweepFileException(_fileName, exception.Path ?? JsonPaths.Root, message, exception);
    }

    private void AddError(string path, string problem)
    {
        var message = $"{_fileName}: {path}: {problem}";
        if (!_errors.Exists(error => error.Message == message))
        {
            _errors.Add(new SweepFileError(path, message));
        }
    }

    private void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new SweepFileException(_fileName, _errors);
        }
    }

    /// <summary>A setting change read from the file, with the path of the value that made it.</summary>
    private sealed record Assignment(string Field, Func<RunSettings, RunSettings> Apply, string Path);

    /// <summary>A benchmark, or a user's table with its size and the preset settings its entry replaces.</summary>
    private sealed record DatasetEntry(DatasetId Dataset, string Path, CustomDatasetSpec? Custom = null, DatasetSummary? Summary = null, IReadOnlyList<Assignment>? Preset = null);

    private sealed record MixtureEntry(MixtureSpec Spec, string Path, string? NuPath, IReadOnlyList<Assignment> Overrides);

    private sealed record SeedEntry(int Seed, string Path);

    private sealed record GridAxis(string Field, string Path, IReadOnlyList<Assignment> Values);

    private sealed class SweepBody
    {
        public string Name { get; set; } = "";

        public int MaxAttempts { get; set; } = SweepDefinition.DefaultMaxAttempts;

        public List<DatasetEntry> Datasets { get; set; } = [];

        public List<MixtureEntry> Mixtures { get; set; } = [];

        public List<SeedEntry> Seeds { get; set; } = [];

        public List<Assignment> Overrides { get; set; } = [];

        public Dictionary<DatasetId, List<Assignment>> DatasetOverrides { get; set; } = [];

        public List<GridAxis> Grid { get; set; } = [];
    }
}
