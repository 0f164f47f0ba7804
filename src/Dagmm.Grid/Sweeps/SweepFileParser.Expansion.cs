using System.Globalization;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Sweeps;

internal sealed partial class SweepFileParser
{
    /// <summary>
    /// Expands the cross product dataset x mixture x grid point x seed. Each run starts from
    /// <see cref="RunSettings.ForPreset"/>, or <see cref="RunSettings.ForCustomDataset"/> for a user's
    /// table; the table's preset, overrides, the dataset's overrides, the mixture's overrides and the
    /// grid values follow in that order, a later value replacing an earlier one.
    /// </summary>
    private List<SweepRun> ExpandRuns(SweepBody body)
    {
        var gridPoints = body.Grid.Aggregate(1L, (product, axis) => product * axis.Values.Count);
        var total = body.Datasets.Count * body.Mixtures.Count * gridPoints * body.Seeds.Count;
        if (total > MaxRuns)
        {
            AddError(JsonPaths.Root, string.Create(CultureInfo.InvariantCulture,
                $"the sweep expands to {total} runs, more than the limit of {MaxRuns}; split it into several sweep files or shorten its lists"));
            return [];
        }

        var runs = new List<SweepRun>();
        var origins = new Dictionary<string, RunOrigin>(StringComparer.Ordinal);
        var reportedDuplicates = new HashSet<(string, string)>();
        foreach (var dataset in body.Datasets)
        {
            foreach (var mixture in body.Mixtures)
            {
                foreach (var gridPoint in GridPoints(body.Grid))
                {
                    var assignments = (dataset.Preset ?? [])
                        .Concat(body.Overrides)
                        .Concat(body.DatasetOverrides.GetValueOrDefault(dataset.Dataset) ?? [])
                        .Concat(mixture.Overrides)
                        .Concat(gridPoint)
                        .ToList();

                    foreach (var seed in body.Seeds)
                    {
                        var settings = StartingSettings(dataset, mixture.Spec, seed.Seed);
                        foreach (var assignment in assignments)
                        {
                            settings = assignment.Apply(settings);
                        }

                        ReportInvalidSettings(settings, assignments, mixture);

                        var runKey = RunKeys.Create(body.Name, settings);
                        var origin = new RunOrigin([dataset.Path, mixture.Path, .. gridPoint.Select(value => value.Path), seed.Path], settings);
                        if (origins.TryGetValue(runKey, out var earlier))
                        {
                            ReportDuplicate(runKey, earlier, origin, reportedDuplicates);
                            continue;
                        }

                        origins.Add(runKey, origin);
                        runs.Add(new SweepRun(runKey, settings));
                    }
                }
            }
        }

        return runs;
    }

    /// <summary>Yields one list of grid values per point of the cross product, the first axis varying slowest.</summary>
    private static IEnumerable<IReadOnlyList<Assignment>> GridPoints(IReadOnlyList<GridAxis> axes)
    {
        IEnumerable<IReadOnlyList<Assignment>> points = [[]];
        foreach (var axis in axes)
        {
            var previous = points;
            points = previous.SelectMany(point => axis.Values.Select(value => (IReadOnlyList<Assignment>)[.. point, value]));
        }

        return points;
    }

    /// <summary>Maps each "field: problem; fix" line of <see cref="RunSettings.Validate"/> to the path of the value that set the field.</summary>
    private void ReportInvalidSettings(RunSettings settings, IReadOnlyList<Assignment> assignments, MixtureEntry mixture)
    {
        foreach (var problem in settings.Validate())
        {
            var separator = problem.IndexOf(": ", StringComparison.Ordinal);
            var field = separator > 0 ? problem[..separator] : "";
            var path = field == "nu"
                ? mixture.NuPath ?? mixture.Path
                : assignments.LastOrDefault(assignment => assignment.Field == field)?.Path;

            if (path is null)
            {
                // NOTE: only reachable if a preset itself were invalid, because every other value has a path.
                AddError(JsonPaths.Root, problem);
            }
            else
            {
                AddError(path, problem[(separator + 2)..]);
            }
        }
    }

    private void ReportDuplicate(string runKey, RunOrigin earlier, RunOrigin later, HashSet<(string, string)> reported)
    {
        var differing = Enumerable.Range(0, Math.Min(earlier.Paths.Count, later.Paths.Count))
            .FirstOrDefault(index => earlier.Paths[index] != later.Paths[index], -1);
        var laterPath = differing >= 0 ? later.Paths[differing] : JsonPaths.Root;
        var earlierPath = differing >= 0 ? earlier.Paths[differing] : JsonPaths.Root;
        if (!reported.Add((laterPath, earlierPath)))
        {
            return;
        }

        if (RunSettingsJson.Serialize(earlier.Settings) == RunSettingsJson.Serialize(later.Settings))
        {
            AddError(laterPath, $"duplicate run \"{runKey}\", which {earlierPath} already makes; remove one of them");
        }
        else
        {
            AddError(laterPath, $"makes different settings than {earlierPath} under the same run key \"{runKey}\" because their {RunKeys.ConfigurationHexDigits}-digit configuration hashes collide; change one setting slightly");
        }
    }

    /// <summary>The paths of the list items that made a run, in the order dataset, mixture, grid values, seed.</summary>
    private sealed record RunOrigin(IReadOnlyList<string> Paths, RunSettings Settings);
}
