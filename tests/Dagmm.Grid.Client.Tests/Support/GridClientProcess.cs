using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dagmm.Grid.Client.Tests.Support;

/// <summary>Runs the built grid-client in a separate process, as a user would, and captures its output.</summary>
public static class GridClientProcess
{
    /// <summary>The number of SIGTERM on Linux, for <see cref="SendSignal"/>.</summary>
    public const int Sigterm = 15;

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

    /// <summary>Sends <paramref name="signal"/> to a process with kill(2); returns 0 on success.</summary>
    public static int SendSignal(int processId, int signal) => kill(processId, signal);

    /// <summary>
    /// Returns /proc/PID/maps of <paramref name="process"/> once libtorch is mapped there, so its
    /// training has begun. Returns null when the process exits first or two minutes pass.
    /// </summary>
    public static async Task<string?> WaitForLibtorchAsync(Process process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        try
        {
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                var maps = await File.ReadAllTextAsync($"/proc/{process.Id}/maps");
                if (maps.Contains("libtorch_cpu.so", StringComparison.Ordinal))
                {
                    return maps;
                }

                await Task.Delay(100);
            }
        }
        catch (IOException) when (process.HasExited)
        {
            // The process ended between the check and the read.
        }

        return null;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int kill(int processId, int signal);
}

public sealed record ProcessOutcome(int ExitCode, string StandardOutput, string StandardError);
