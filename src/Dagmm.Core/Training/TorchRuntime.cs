using System.Runtime.InteropServices;
using TorchSharp;

namespace Dagmm.Core.Training;

/// <summary>Checks once per process that libtorch loads, and turns a failure into a message that names the fix.</summary>
public static class TorchRuntime
{
    /// <summary>The libstdc++ symbol version that TorchSharp 0.107's native shim needs (GCC 13 or newer).</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly Lazy<Exception?> s_loadError = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <exception cref="NativeLibraryException">libtorch or its shim could not load.</exception>
    public static void EnsureLoaded()
    {
        if (s_loadError.Value is { } error)
        {
            throw new NativeLibraryException(Describe(error, LoadedLibstdcxx()), error);
        }
    }

    private static Exception? TryLoad()
    {
        // TorchSharp prints a long probing trace to the console when loading fails; the caller gets one clear message instead.
        var output = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            NativeAllocator.KeepFreedMemory();
            using var probe = torch.ones(1);
            return null;
        }
        catch (Exception error) when (error is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return error;
        }
        finally
        {
            Console.SetOut(output);
        }
    }

    /// <summary>Returns the message for a load failure, given the path of the libstdc++ this process mapped (null if unknown).</summary>
    internal static string Describe(Exception error, string? libstdcxxPath)
    {
        if (libstdcxxPath is not null && !FileContains(libstdcxxPath, RequiredGlibcxx))
        {
            return $"the libtorch native library could not load because {libstdcxxPath} lacks {RequiredGlibcxx} (libstdc++ from GCC 13 or newer). " +
                   "Run scripts/install-prerequisites.sh (on Debian 12 it installs libstdc++6 from Debian 13), or use Ubuntu 24.04, Debian 13 or an official .NET 10 image.";
        }

        var innermost = error;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return $"the libtorch native library could not load ({FirstLineOf(innermost)}). " +
               "Run scripts/install-prerequisites.sh, then check that the restore of libtorch-cpu-linux-x64 completed.";
    }

    /// <summary>Returns the first line of an exception's message. libtorch appends its native stack to its messages, which users need not see.</summary>
    public static string FirstLineOf(Exception error) => error.Message.Split('\n', 2)[0].Trim();

    // The runtime itself maps libstdc++, so /proc/self/maps names the copy that libtorch would get too.
    private static string? LoadedLibstdcxx()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || !File.Exists("/proc/self/maps"))
        {
            return null;
        }

        return File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains("libstdc++.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .FirstOrDefault();
    }

    private static bool FileContains(string path, string text)
    {
        var marker = System.Text.Encoding.ASCII.GetBytes(text);
        return File.ReadAllBytes(path).AsSpan().IndexOf(marker) >= 0;
    }
}
