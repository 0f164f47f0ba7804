using System.Text.Json;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;

namespace Dagmm.Grid.Sweeps;

/// <summary>Readers for the sweep-file fields. Each reader reports its problems and returns the part it could read.</summary>
internal sealed partial class SweepFileParser
{
    private string ReadName(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            AddError(path, $"expected a sweep name, found {JsonPaths.Describe(value)}; write a name such as \"quick\"");
            return "";
        }

        var name = value.GetString()!;
        if (!SweepNames.IsValid(name))
        {
            AddError(path, $"{JsonPaths.Describe(value)} is not a valid sweep name, which becomes the name of its results folder; use {SweepNames.Rule}");
        }

        return name;
    }

    private void ReadDescription(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            AddError(path, $"expected a string, found {JsonPaths.Describe(value)}; write the description as text");
        }
    }

    private List<DatasetEntry> ReadDatasets(JsonElement value, string path)
    {
        var datasets = new List<DatasetEntry>();
        foreach (var (item, itemPath) in NonEmptyList(value, path, "a list of dataset ids", "[\"thyroid\"]", $"list at least one of {DatasetIds.AcceptedNames}"))
        {
            if (item.ValueKind == JsonValueKind.Object)
            {
                var custom = ReadCustomDataset(item, itemPath);
                var earlier = datasets.Find(dataset => dataset.Custom is not null && dataset.Custom.Name == custom?.Custom!.Name);
                if (custom is not null && earlier is not null)
                {
                    AddError(itemPath, $"dataset name \"{custom.Custom!.Name}\" is already used by {earlier.Path}; give one of them another \"name\"");
                }
                else if (custom is not null)
                {
                    datasets.Add(custom);
                }
            }
            else if (item.ValueKind != JsonValueKind.String)
            {
                AddError(itemPath, $"expected a dataset id, found {JsonPaths.Describe(item)}; use {DatasetIds.AcceptedNames}");
            }
            else if (!DatasetIds.TryParse(item.GetString(), out var dataset))
            {
                AddError(itemPath, $"unknown dataset {JsonPaths.Describe(item)}; expected {DatasetIds.AcceptedNames}");
            }
            else
            {
                datasets.Add(new DatasetEntry(dataset, itemPath));
            }
        }

        return datasets;
    }

    private List<MixtureEntry> ReadMixtures(JsonElement value, string path)
    {
        var mixtures = new List<MixtureEntry>();
        foreach (var (item, itemPath) in NonEmptyList(value, path, "a list of mixtures", "[\"gaussian\", \"laplace\", \"student-t\"]", $"list at least one of {MixtureSpec.AcceptedFamilies}"))
        {
            var mixture = item.ValueKind switch
            {
                JsonValueKind.String => ReadMixtureName(item, itemPath),
                JsonValueKind.Object => ReadMixtureObject(item, itemPath),
                _ => ReadMixtureOther(item, itemPath),
            };
            if (mixture is not null)
            {
                mixtures.Add(mixture);
            }
        }

        return mixtures;
    }

    private MixtureEntry? ReadMixtureName(JsonElement item, string path)
    {
        if (!MixtureSpec.TryParseFamily(item.GetString(), out var family))
        {
            AddError(path, $"unknown mixture {JsonPaths.Describe(item)}; expected {MixtureSpec.AcceptedFamilies}");
            return null;
        }

        return new MixtureEntry(new MixtureSpec(family), path, NuPath: null, Overrides: []);
    }

    private MixtureEntry? ReadMixtureOther(JsonElement item, string path)
    {
        AddError(path, $"expected a mixture name or an object such as {{\"family\": \"student-t\", \"nu\": 4}}, found {JsonPaths.Describe(item)}; use {MixtureSpec.AcceptedFamilies}");
        return null;
    }

    private MixtureEntry? ReadMixtureObject(JsonElement item, string path)
    {
        MixtureFamily? family = null;
        var familyPresent = false;
        (JsonElement Value, string Path)? nu = null;
        List<Assignment> overrides = [];
        var valid = true;

        foreach (var (name, value, fieldPath) in UniqueProperties(item, path))
        {
            switch (name)
            {
                case "family":
                    familyPresent = true;
                    family = ReadFamily(value, fieldPath);
                    valid &= family is not null;
                    break;
                case "nu":
                    nu = (value, fieldPath);
                    break;
                case "overrides":
                    var errorsBefore = _errors.Count;
                    overrides = ReadSettings(value, fieldPath);
                    valid &= _errors.Count == errorsBefore;
                    break;
                default:
                    AddError(fieldPath, $"unknown field \"{name}\"; expected {MixtureFieldNames}");
                    valid = false;
                    break;
            }
        }

        if (!familyPresent)
        {
            AddError(path, $"missing field \"family\"; add \"family\" with one of {MixtureSpec.AcceptedFamilies}");
            return null;
        }

        if (family is null)
        {
            return null;
        }

        var spec = new MixtureSpec(family.Value);
        if (nu is { } nuField)
        {
            var withNu = ReadNu(spec, nuField.Value, nuField.Path);
            valid &= withNu is not null;
            spec = withNu ?? spec;
        }

        return valid ? new MixtureEntry(spec, path, nu?.Path, overrides) : null;
    }

    private MixtureFamily? ReadFamily(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            AddError(path, $"expected a mixture name, found {JsonPaths.Describe(value)}; use {MixtureSpec.AcceptedFamilies}");
            return null;
        }

        if (!MixtureSpec.TryParseFamily(value.GetString(), out var family))
        {
            AddError(path, $"unknown mixture {JsonPaths.Describe(value)}; expected {MixtureSpec.AcceptedFamilies}");
            return null;
        }

        return family;
    }

    private MixtureSpec? ReadNu(MixtureSpec spec, JsonElement value, string path)
    {
        if (spec.Family != MixtureFamily.StudentT)
        {
            AddError(path, $"nu applies only to student-t, not to {spec.FamilyName}; remove it or set \"family\": \"student-t\"");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() == "learned")
        {
            return MixtureSpec.StudentTLearned;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var nu) && double.IsFinite(nu))
        {
            return MixtureSpec.StudentT(nu);
        }

        AddError(path, $"expected a number or \"learned\", found {JsonPaths.Describe(value)}; write for example 4 or \"learned\"");
        return null;
    }

    private List<SeedEntry> ReadSeeds(JsonElement value, string path)
    {
        const string Example = "write a count such as 3 (seeds 1, 2, 3) or a list such as [1, 2, 3]";
        var seeds = new List<SeedEntry>();
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!SettingFields.TryReadWholeNumber(value, out var count) || count < 1)
            {
                AddError(path, $"a seed count must be a whole number 1 or more, found {JsonPaths.Describe(value)}; {Example}");
                return seeds;
            }

            for (var seed = 1; seed <= count; seed++)
            {
                seeds.Add(new SeedEntry(seed, path));
            }

            return seeds;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            AddError(path, $"expected a list of whole numbers or a count, found {JsonPaths.Describe(value)}; {Example}");
            return seeds;
        }

        foreach (var (item, itemPath) in NonEmptyList(value, path, "a list of seeds", "[1, 2, 3]", "list at least one seed or write a count such as 3"))
        {
            if (!SettingFields.TryReadWholeNumber(item, out var seed) || seed < 0)
            {
                AddError(itemPath, $"a seed must be a whole number from 0 to {int.MaxValue}, found {JsonPaths.Describe(item)}; write for example 1");
                continue;
            }

            seeds.Add(new SeedEntry(seed, itemPath));
        }

        return seeds;
    }

    private int ReadMaxAttempts(JsonElement value, string path)
    {
        if (!SettingFields.TryReadWholeNumber(value, out var attempts) || attempts < 1)
        {
            AddError(path, $"expected a whole number 1 or more, found {JsonPaths.Describe(value)}; write a value such as {SweepDefinition.DefaultMaxAttempts}");
            return SweepDefinition.DefaultMaxAttempts;
        }

        return attempts;
    }

    private List<Assignment> ReadSettings(JsonElement value, string path)
    {
        var assignments = new List<Assignment>();
        if (value.ValueKind != JsonValueKind.Object)
        {
            AddError(path, $"expected an object of settings such as {{\"epochs\": 5}}, found {JsonPaths.Describe(value)}; settings are {SettingFields.AcceptedNames}");
            return assignments;
        }

        foreach (var (name, item, itemPath) in UniqueProperties(value, path))
        {
            if (!SettingFields.TryFind(name, out var field))
            {
                AddError(itemPath, UnknownSetting(name));
                continue;
            }

            var change = field.Read(item);
            if (!change.IsValid)
            {
                AddError(itemPath, change.Problem!);
                continue;
            }

            assignments.Add(new Assignment(name, change.Value!, itemPath));
        }

        return assignments;
    }

    private static string UnknownSetting(string name)
    {
        if (DatasetIds.TryParse(name, out _))
        {
            return $"unknown setting \"{name}\"; settings for one dataset go inside \"datasetOverrides\", for example \"datasetOverrides\": {{\"{name}\": {{\"epochs\": 100}}}}";
        }

        return $"unknown setting \"{name}\"; expected {SettingFields.AcceptedNames}";
    }

    private Dictionary<DatasetId, List<Assignment>> ReadDatasetOverrides(JsonElement value, string path)
    {
        var overrides = new Dictionary<DatasetId, List<Assignment>>();
        if (value.ValueKind != JsonValueKind.Object)
        {
            AddError(path, $"expected an object from dataset id to settings, such as {{\"thyroid\": {{\"epochs\": 100}}}}, found {JsonPaths.Describe(value)}");
            return overrides;
        }

        foreach (var (name, item, itemPath) in UniqueProperties(value, path))
        {
            if (!DatasetIds.TryParse(name, out var dataset))
            {
                AddError(itemPath, $"unknown dataset \"{name}\"; expected {DatasetIds.AcceptedNames}");
                continue;
            }

            if (overrides.ContainsKey(dataset))
            {
                AddError(itemPath, $"dataset {dataset.ToName()} appears twice; merge its settings into one object");
                continue;
            }

            overrides[dataset] = ReadSettings(item, itemPath);
        }

        return overrides;
    }

    private List<GridAxis> ReadGrid(JsonElement value, string path)
    {
        var axes = new List<GridAxis>();
        if (value.ValueKind != JsonValueKind.Object)
        {
            AddError(path, $"expected an object from setting to a list of values, such as {{\"epochs\": [0, 200]}}, found {JsonPaths.Describe(value)}");
            return axes;
        }

        foreach (var (name, item, itemPath) in UniqueProperties(value, path))
        {
            if (!SettingFields.TryFind(name, out var field))
            {
                AddError(itemPath, UnknownSetting(name));
                continue;
            }

            var values = new List<Assignment>();
            foreach (var (gridValue, valuePath) in NonEmptyList(item, itemPath, "a list of values", $"\"{name}\": [value1, value2]", "give at least one value"))
            {
                var change = field.Read(gridValue);
                if (change.IsValid)
                {
                    values.Add(new Assignment(name, change.Value!, valuePath));
                }
                else
                {
                    AddError(valuePath, change.Problem!);
                }
            }

            axes.Add(new GridAxis(name, itemPath, values));
        }

        return axes;
    }
}
