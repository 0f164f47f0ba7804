using System.Globalization;
using System.Text.Json;
using Dagmm.Grid.Client.Sweeps;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client list [--cluster URL | --results DIR] [--json]: lists the sweeps of a cluster's registry
/// or of a results folder with their state, oldest first in a cluster and by name in a folder.
/// </summary>
public static class ListCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("list", arguments, [RedisClusterAddress.OptionName, SweepSources.ResultsOption, SweepSources.DataOption], ["--json"]);
        parsed.RejectPositionals();
        await using var source = await SweepSources.OpenAsync(parsed);
        var entries = await source.ListAsync();
        if (parsed.Flag("--json"))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(entries, RunRecordJson.Options));
            return GridClient.ExitSuccess;
        }

        if (entries.Count == 0)
        {
            await Console.Error.WriteLineAsync($"no sweeps in {source.Description}");
        }

        foreach (var entry in entries)
        {
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{entry.Name,-32} {entry.State,-11} {entry.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
        }

        return GridClient.ExitSuccess;
    }
}
