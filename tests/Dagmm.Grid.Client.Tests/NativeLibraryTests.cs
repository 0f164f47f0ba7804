using System.Diagnostics;
using Dagmm.Core.Tests.Support;
using Dagmm.Grid.Client.Tests.Support;

namespace Dagmm.Grid.Client.Tests;

public class NativeLibraryTests
{
    [Fact]
    public async Task OldLibstdcxx_gives_clear_error()
    {
        var oldLibraryFolder = await OldLibstdcxxFolderAsync();

        var outcome = await GridClientProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = oldLibraryFolder },
            "train", "--dataset", "thyroid", "--mixture", "gaussian", "--epochs", "1", "--data", SharedData.Directory);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("lacks GLIBCXX_3.4.32", outcome.StandardError);
        Assert.Contains("scripts/install-prerequisites.sh", outcome.StandardError);
        Assert.DoesNotContain("LoadNativeBackend", outcome.StandardOutput + outcome.StandardError);
    }

    // libstdc++ from GCC 12 (Debian 12), unpacked from Debian's package: the library TorchSharp 0.107 cannot use.
    private static async Task<string> OldLibstdcxxFolderAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dagmm-grid-libstdcxx-gcc12");
        var library = Path.Combine(folder, "usr", "lib", "x86_64-linux-gnu");
        if (File.Exists(Path.Combine(library, "libstdc++.so.6")))
        {
            return library;
        }

        Directory.CreateDirectory(folder);
        await RunAsync(folder, "apt-get", "download", "libstdc++6/bookworm");
        var package = Directory.GetFiles(folder, "libstdc++6_*.deb").Single();
        await RunAsync(folder, "dpkg", "-x", package, folder);
        return library;
    }

    private static async Task RunAsync(string workingDirectory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{fileName} {string.Join(' ', arguments)} failed: {error}");
    }
}
