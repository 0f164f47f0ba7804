using System.Diagnostics;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

/// <summary>
/// grid-client train restarts itself with tcmalloc preloaded (scripts/install-prerequisites.sh
/// installs it), unless DAGMM_ALLOCATOR=system. The tests read the libraries the running process
/// mapped once libtorch is loaded, which is after the restart.
/// </summary>
public class NativeAllocatorTests
{
    [Fact]
    public async Task Train_runs_with_tcmalloc_preloaded()
    {
        var maps = await MapsWhileTrainingAsync(new Dictionary<string, string>());

        Assert.Contains("libtcmalloc_minimal.so.4", maps);
    }

    [Fact]
    public async Task System_choice_keeps_glibc_allocator()
    {
        var maps = await MapsWhileTrainingAsync(new Dictionary<string, string> { ["DAGMM_ALLOCATOR"] = "system" });

        Assert.DoesNotContain("libtcmalloc", maps);
    }

    // Starts a long thyroid training, returns /proc/PID/maps once libtorch is mapped, and kills the process.
    private static async Task<string> MapsWhileTrainingAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["DAGMM_DATA_MIRROR"] = GridClientProcess.UnreachableMirror;
        start.Environment.Remove("LD_PRELOAD");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in new[] { GridClientProcess.ClientPath, "train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "100000", "--data", SharedData.Directory, "--offline" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var standardError = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
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
            // The process ended between the check and the read; reported below.
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        throw new InvalidOperationException($"grid-client train never mapped libtorch (exit code {process.ExitCode}): {await standardError}");
    }
}
