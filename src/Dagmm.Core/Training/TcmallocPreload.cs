using System.Runtime.InteropServices;
using System.Text;

namespace Dagmm.Core.Training;

/// <summary>
/// Restarts a training process with tcmalloc in front of glibc's allocator when the host has it.
/// A step of a small preset allocates and frees a few hundred tensors, and with glibc's allocator
/// perf put 11% of a thyroid step in malloc and free. With tcmalloc preloaded a step of 5 thyroid
/// runs took about 15% less time and a lone thyroid run about 20% less (docs/benchmarks.md,
/// "tcmalloc", has the figures and commands). An allocator cannot be swapped once the process runs, so the process
/// replaces itself (execve: same process id, command line and streams) with LD_PRELOAD naming the
/// library. Set DAGMM_ALLOCATOR=system to keep glibc's allocator.
/// </summary>
public static partial class TcmallocPreload
{
    /// <summary>The environment variable that chooses the allocator: tcmalloc (the default) or system.</summary>
    public const string ChoiceVariable = "DAGMM_ALLOCATOR";

    /// <summary>The file name of gperftools' tcmalloc without the heap profiler (Debian: libtcmalloc-minimal4).</summary>
    public const string LibraryName = "libtcmalloc_minimal.so.4";

    private const string PreloadVariable = "LD_PRELOAD";

    // Where Debian, Ubuntu, Fedora and a local build put shared libraries. The library is named in
    // LD_PRELOAD by its path in one of them, so a missing one is never named there.
    private static readonly string[] s_libraryFolders =
    [
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib64", "/usr/lib", "/usr/local/lib",
    ];

    /// <summary>
    /// Replaces this process with the same command line and environment plus tcmalloc in
    /// LD_PRELOAD. The process goes on with the allocator it has outside Linux, when DAGMM_ALLOCATOR
    /// is system, when LD_PRELOAD already names tcmalloc or jemalloc, or when the library is not
    /// installed. It also goes on when the restart fails, after a warning on standard error.
    /// Call it first in Main, before any thread or file of the program's own.
    /// </summary>
    public static void RestartWithTcmalloc()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        byte[][] arguments, environment;
        try
        {
            arguments = NullSeparated(File.ReadAllBytes("/proc/self/cmdline"));
            environment = NullSeparated(File.ReadAllBytes("/proc/self/environ"));
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        var preload = Preload(Variable(environment, PreloadVariable), Variable(environment, ChoiceVariable), File.Exists, out var warning);
        if (warning is not null)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        if (preload is null || Environment.ProcessPath is not { } executable || arguments.Length == 0)
        {
            return;
        }

        var preloadPrefix = Encoding.UTF8.GetBytes(PreloadVariable + "=");
        var restartedEnvironment = environment
            .Where(entry => !entry.AsSpan().StartsWith(preloadPrefix))
            .Append(Encoding.UTF8.GetBytes($"{PreloadVariable}={preload}"))
            .ToArray();
        var errno = Execute(Encoding.UTF8.GetBytes(executable), arguments, restartedEnvironment);
        Console.Error.WriteLine($"warning: restarting with {preload} in LD_PRELOAD failed (errno {errno}); training uses the system allocator. Set {ChoiceVariable}=system to skip the attempt.");
    }

    /// <summary>
    /// Returns the LD_PRELOAD value to restart with, or null to keep this process, given the
    /// current <paramref name="currentPreload"/>, the value of DAGMM_ALLOCATOR and a test for
    /// file existence. <paramref name="warning"/> explains a choice that could not be followed.
    /// </summary>
    internal static string? Preload(string? currentPreload, string? choice, Func<string, bool> fileExists, out string? warning)
    {
        warning = null;
        var chosen = choice?.Trim().ToLowerInvariant();
        if (chosen is "system")
        {
            return null;
        }

        if (chosen is not (null or "" or "tcmalloc"))
        {
            warning = $"{ChoiceVariable}=\"{choice}\" is not known; set it to tcmalloc (the default) or system. Training uses the system allocator.";
            return null;
        }

        if (currentPreload is not null && (currentPreload.Contains("tcmalloc", StringComparison.Ordinal) || currentPreload.Contains("jemalloc", StringComparison.Ordinal)))
        {
            return null;
        }

        var library = s_libraryFolders.Select(folder => Path.Combine(folder, LibraryName)).FirstOrDefault(fileExists);
        if (library is null)
        {
            if (chosen is "tcmalloc")
            {
                warning = $"{ChoiceVariable}=tcmalloc, but {LibraryName} is in none of {string.Join(", ", s_libraryFolders)}. " +
                          "Install it (Debian and Ubuntu: libtcmalloc-minimal4; scripts/install-prerequisites.sh does). Training uses the system allocator.";
            }

            return null;
        }

        return string.IsNullOrEmpty(currentPreload) ? library : $"{library}:{currentPreload}";
    }

    // Entries of /proc/self/cmdline and /proc/self/environ, which end each value with a zero byte.
    private static byte[][] NullSeparated(byte[] content)
    {
        var entries = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < content.Length; i++)
        {
            if (content[i] == 0)
            {
                entries.Add(content[start..i]);
                start = i + 1;
            }
        }

        if (start < content.Length)
        {
            entries.Add(content[start..]);
        }

        return [.. entries];
    }

    private static string? Variable(byte[][] environment, string name)
    {
        var prefix = Encoding.UTF8.GetBytes(name + "=");
        var entry = environment.FirstOrDefault(candidate => candidate.AsSpan().StartsWith(prefix));
        return entry is null ? null : Encoding.UTF8.GetString(entry, prefix.Length, entry.Length - prefix.Length);
    }

    // Calls execve with zero-terminated copies of the byte strings; returns errno when it returns at all.
    private static unsafe int Execute(byte[] path, byte[][] arguments, byte[][] environment)
    {
        var allocations = new List<IntPtr>();
        IntPtr Copy(byte[] value)
        {
            var memory = Marshal.AllocHGlobal(value.Length + 1);
            Marshal.Copy(value, 0, memory, value.Length);
            ((byte*)memory)[value.Length] = 0;
            allocations.Add(memory);
            return memory;
        }

        try
        {
            var argumentPointers = arguments.Select(Copy).Append(IntPtr.Zero).ToArray();
            var environmentPointers = environment.Select(Copy).Append(IntPtr.Zero).ToArray();
            execve(Copy(path), argumentPointers, environmentPointers);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            allocations.ForEach(Marshal.FreeHGlobal);
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true)]
    private static partial int execve(IntPtr path, IntPtr[] arguments, IntPtr[] environment);
}
