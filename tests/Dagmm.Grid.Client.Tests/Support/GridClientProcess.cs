using System.Diagnostics;

namespace Dagmm.Grid.Client.Tests.Support;

/// <summary>Runs the built grid-client in a separate process, as a user would, and captures its output.</summary>
public static class GridClientProcess
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    public static string ClientPath { get; } = Path.Combine(AppContext.BaseDirectory, "grid-client.dll");

    public static Task<ProcessOutcome> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), arguments);

    public static async Task<ProcessOutcome> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(ClientPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"grid-client {string.Join(' ', arguments)} did not finish within {s_timeout}");
        }

        return new ProcessOutcome(process.ExitCode, await standardOutput, await standardError);
    }
}

public sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError);
