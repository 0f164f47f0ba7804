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
            throw new NativeLibraryException(Describe(error), error);
        }
    }

    private static Exception? TryLoad()
    {
        try
        {
            using var probe = torch.ones(1);
            return null;
        }
        catch (Exception error) when (error is TypeInitializationException or DllNotFoundException or NotSupportedException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return error;
        }
    }

    internal static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        var details = string.Join(" | ", messages);
        if (details.Contains("GLIBCXX", StringComparison.Ordinal) || !LibstdcxxHasRequiredVersion())
        {
            return $"the libtorch native library could not load because this system's libstdc++ lacks {RequiredGlibcxx} (GCC 13 or newer). " +
                   "Run scripts/install-prerequisites.sh (Debian 12: installs libstdc++6 from Debian 13), or use Ubuntu 24.04, Debian 13 or an official .NET 10 image.";
        }

        return $"the libtorch native library could not load: {details}. Run scripts/install-prerequisites.sh and check that the restore of libtorch-cpu-linux-x64 completed.";
    }

    private static bool LibstdcxxHasRequiredVersion()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            return true;
        }

        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6"];
        foreach (var path in candidates.Where(File.Exists))
        {
            var content = File.ReadAllBytes(path);
            var marker = System.Text.Encoding.ASCII.GetBytes(RequiredGlibcxx);
            return content.AsSpan().IndexOf(marker) >= 0;
        }

        return true;
    }
}
