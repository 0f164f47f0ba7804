using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace Dagmm.Grid.Hosting;

/// <summary>Rejects invalid <see cref="GridOptions"/> when the silo starts, naming the option and the fix.</summary>
internal sealed class GridOptionsValidator(IOptions<GridOptions> options) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var problems = Validate(options.Value);
        if (problems.Count > 0)
        {
            throw new OrleansConfigurationException(string.Join(Environment.NewLine, problems));
        }
    }

    /// <summary>Lists every invalid option as "GridOptions.Name: problem; fix". Empty when all are valid.</summary>
    internal static IReadOnlyList<string> Validate(GridOptions options)
    {
        var problems = new List<string>();
        if (options.Slots is < 1 or > GridOptions.MaximumSlots)
        {
            problems.Add($"GridOptions.Slots: {options.Slots} is invalid; use 1 to {GridOptions.MaximumSlots} (default: one per processor)");
        }

        if (options.RunsPerSlot is < 1 or > GridOptions.MaximumRunsPerSlot)
        {
            problems.Add($"GridOptions.RunsPerSlot: {options.RunsPerSlot} is invalid; use 1 to {GridOptions.MaximumRunsPerSlot} (default {GridOptions.DefaultRunsPerSlot})");
        }

        if (string.IsNullOrWhiteSpace(options.ResultsDirectory))
        {
            problems.Add("GridOptions.ResultsDirectory: missing; set the folder that receives results, such as ./results");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            problems.Add("GridOptions.DataDirectory: missing; set the folder that holds the raw dataset files");
        }
        else if (!Directory.Exists(options.DataDirectory))
        {
            problems.Add($"GridOptions.DataDirectory: folder \"{options.DataDirectory}\" not found; create it or point to the folder that holds the raw dataset files");
        }

        if (options.LeaseDuration <= TimeSpan.Zero)
        {
            problems.Add($"GridOptions.LeaseDuration: {options.LeaseDuration} is invalid; use a positive duration such as 00:01:00");
        }

        if (options.RenewInterval <= TimeSpan.Zero || options.RenewInterval * 2 > options.LeaseDuration)
        {
            problems.Add($"GridOptions.RenewInterval: {options.RenewInterval} is invalid; use a positive duration of at most half of LeaseDuration ({options.LeaseDuration})");
        }

        if (options.ProgressInterval <= TimeSpan.Zero)
        {
            problems.Add($"GridOptions.ProgressInterval: {options.ProgressInterval} is invalid; use a positive duration such as 00:00:01");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"GridOptions.PollInterval: {options.PollInterval} is invalid; use a positive duration such as 00:00:01");
        }

        return problems;
    }
}
