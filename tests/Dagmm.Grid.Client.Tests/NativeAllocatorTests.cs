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
        // An empty LD_PRELOAD, so a library preloaded around the test run does not stand in for the restart.
        var variables = new Dictionary<string, string>(environment) { ["LD_PRELOAD"] = "" };
        using var process = GridClientProcess.Start(variables,
            "train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "100000", "--data", SharedData.Directory, "--offline");
        var standardError = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        var maps = await GridClientProcess.WaitForLibtorchAsync(process);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        if (maps is not null)
        {
            return maps;
        }

        throw new InvalidOperationException($"grid-client train never mapped libtorch (exit code {process.ExitCode}): {await standardError}");
    }
}
