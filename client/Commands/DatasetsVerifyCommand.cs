using System.Text.Json;
using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client datasets verify: checks that every benchmark file in the data folder is present,
/// matches its SHA-256 and parses. Exits 1 when any check fails and writes each problem to stderr.
/// </summary>
public static class DatasetsVerifyCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("datasets verify", arguments, ["--data"], ["--json"]);
        parsed.RejectPositionals();
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));

        var checks = DatasetVerifier.VerifyAll(dataDirectory);

        if (parsed.Flag("--json"))
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(checks.Select(ToJson)));
        }
        else
        {
            await Console.Out.WriteLineAsync($"data folder: {dataDirectory}");
            foreach (var check in checks)
            {
                var datasets = string.Join(", ", check.Datasets.Select(id => id.ToName()));
                await Console.Out.WriteLineAsync($"{(check.Passed ? "ok" : "FAILED"),-7} {check.File.FileName,-26} {datasets}");
            }
        }

        foreach (var problem in checks.SelectMany(check => check.Problems()))
        {
            await Console.Error.WriteLineAsync($"error: {problem}");
        }

        return checks.All(check => check.Passed) ? GridClient.ExitSuccess : GridClient.ExitRunsFailed;
    }

    private static Dictionary<string, object?> ToJson(DatasetFileCheck check) => new()
    {
        ["file"] = check.File.FileName,
        ["datasets"] = check.Datasets.Select(id => id.ToName()).ToList(),
        ["path"] = check.FilePath,
        ["present"] = check.Exists,
        ["expectedSha256"] = check.File.Sha256,
        ["actualSha256"] = check.ActualSha256,
        ["checksumMatches"] = check.ChecksumMatches,
        ["parseError"] = check.ParseError,
        ["passed"] = check.Passed,
        ["problems"] = check.Problems(),
    };
}
