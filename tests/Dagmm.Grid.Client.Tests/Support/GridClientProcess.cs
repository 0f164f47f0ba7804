using System.Diagnostics;

namespace Dagmm.Grid.Client.Tests.Support;

/// <summary>Runs the built grid-client in a separate process, as a user would, and captures its output.</summary>
public static class GridClientProcess
{
    /// <summary>
    /// Mirror every test process downloads from unless the test sets its own: a closed port on
    /// loopback, so a command that downloads by mistake fails at once and never leaves the machine.
    /// </summary>
    public const string UnreachableMirror = "http://127.0.0.1:1/";

    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);

    public static string ClientPath { get; } = Path.Combine(AppContext.BaseDirectory, "grid-client.dll");

    public static Task<ProcessOutcome> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string>(), arguments);

    public static async Task<ProcessOutcome> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Start(environment, arguments);
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

    /// <summary>Starts grid-client with <paramref name="arguments"/>, its standard input closed and both outputs redirected.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["DAGMM_DATA_MIRROR"] = UnreachableMirror;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(ClientPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        return process;
    }
}

public sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError);
