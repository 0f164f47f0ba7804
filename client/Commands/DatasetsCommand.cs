using System.Globalization;
using System.Text.Json;
using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Client.Commands;

/// <summary>grid-client datasets: list, fetch, verify and inspect the data files.</summary>
public static class DatasetsCommand
{
    private static readonly IReadOnlyDictionary<string, Func<IReadOnlyList<string>, Task<int>>> s_subcommands =
        new Dictionary<string, Func<IReadOnlyList<string>, Task<int>>>(StringComparer.Ordinal)
        {
            ["list"] = ListAsync,
            ["fetch"] = DatasetsFetchCommand.RunAsync,
            ["verify"] = DatasetsVerifyCommand.RunAsync,
            ["inspect"] = DatasetsInspectCommand.RunAsync,
        };

    public static Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var name = arguments.Count == 0 ? "" : arguments[0];
        if (!s_subcommands.TryGetValue(name, out var subcommand))
        {
            throw new UsageException(
                $"datasets: expected the subcommand list, fetch, verify or inspect, got \"{name}\"; write for example grid-client datasets list");
        }

        return subcommand(arguments.Skip(1).ToList());
    }

    /// <summary>grid-client datasets list: the benchmark datasets as a run sees them, computed from the files.</summary>
    private static Task<int> ListAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("datasets list", arguments, ["--data"], ["--json"]);
        parsed.RejectPositionals();
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));

        var summaries = new List<DatasetSummary>();
        foreach (var id in DatasetIds.All)
        {
            try
            {
                summaries.Add(DatasetCache.Shared.Get(id, dataDirectory).Describe());
            }
            catch (Exception error) when (error is DatasetFileException or DatasetFormatException)
            {
                throw new UsageException(error.Message);
            }
        }

        if (parsed.Flag("--json"))
        {
            var rows = summaries.Select(summary => new Dictionary<string, object>
            {
                ["id"] = summary.Id.ToName(),
                ["rows"] = summary.Rows,
                ["features"] = summary.Features,
                ["anomalies"] = summary.Anomalies,
                ["anomalyRatio"] = summary.AnomalyRatio,
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(rows));
            return Task.FromResult(GridClient.ExitSuccess);
        }

        Console.Out.WriteLine($"{"id",-14} {"rows",9} {"features",9} {"anomalies",10} {"ratio",8}");
        foreach (var summary in summaries)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Id.ToName(),-14} {summary.Rows,9} {summary.Features,9} {summary.Anomalies,10} {summary.AnomalyRatio,8:P2}"));
        }

        return Task.FromResult(GridClient.ExitSuccess);
    }
}
