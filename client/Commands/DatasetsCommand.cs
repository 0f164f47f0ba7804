using System.Globalization;
using System.Text.Json;
using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Client.Commands;

/// <summary>grid-client datasets list: the benchmark datasets as a run sees them, computed from the files.</summary>
public static class DatasetsCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0 || arguments[0] != "list")
        {
            throw new UsageException($"datasets: expected the subcommand list, got \"{(arguments.Count == 0 ? "" : arguments[0])}\"; write grid-client datasets list");
        }

        var parsed = CommandArguments.Parse("datasets list", arguments.Skip(1).ToList(), ["--data"], ["--json"]);
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
