using System.Runtime.InteropServices;

namespace Dagmm.Core.Training;

/// <summary>
/// Tunes the allocator that serves libtorch's tensors for a training loop: tcmalloc when
/// <see cref="TcmallocPreload"/> preloaded it, else glibc's. By default glibc
/// maps each block above a threshold (128 KiB at first) with mmap of its own and hands freed memory
/// at the top of a heap back to the kernel. A training step frees and allocates the same activations
/// again and again, so every step took page faults and the kernel zeroed the same pages anew. perf
/// attributed about 30% of the samples of a batch of kddcup99 runs to page clearing and faults.
/// </summary>
public static partial class NativeAllocator
{
    // mallopt's option numbers in glibc's malloc.h.
    private const int TrimThresholdOption = -1;
    private const int TopPadOption = -2;
    private const int MmapThresholdOption = -3;

    // The largest mmap threshold glibc accepts on 64-bit systems. Every activation of a step is
    // smaller (a batch of five kddcup99 runs: 2.4 MB), so all of them come from the reused heap.
    private const int MmapThreshold = 32 * 1024 * 1024;

    // A thread's arena grows in heaps of 64 MiB. glibc unmaps such a heap as soon as it is wholly
    // free, whatever the trim threshold, unless the top padding is at least that size.
    private const int TopPad = 64 * 1024 * 1024;

    // Freed memory up to this much stays with the process between steps. ReturnFreedMemory gives it
    // back once a batch of runs ends, so an idle silo does not hold it.
    private const int TrimThreshold = 1024 * 1024 * 1024;

    private static readonly Lazy<string> s_name = new(ReadName);

    /// <summary>The allocator of this process: tcmalloc, jemalloc, glibc, or system outside Linux.</summary>
    public static string Name => s_name.Value;

    /// <summary>
    /// Keeps freed blocks of glibc's allocator for reuse instead of returning them to the kernel.
    /// Returns whether the C library took every option: false outside Linux, on a libc without
    /// mallopt, and under tcmalloc or jemalloc, which keep freed blocks by themselves.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux() || Name != "glibc")
        {
            return false;
        }

        try
        {
            // mallopt returns 1 when it accepts an option and 0 when it rejects it.
            return mallopt(MmapThresholdOption, MmapThreshold) == 1
                && mallopt(TrimThresholdOption, TrimThreshold) == 1
                && mallopt(TopPadOption, TopPad) == 1;
        }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            // Such a libc keeps its own policy: training is slower there, not wrong.
            return false;
        }
    }

    /// <summary>Returns the memory that training freed to the kernel. Does nothing outside Linux.</summary>
    public static void ReturnFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (Name == "tcmalloc")
        {
            ReleaseTcmallocFreeMemory();
            return;
        }

        try
        {
            malloc_trim(0);
        }
        catch (Exception error) when (error is EntryPointNotFoundException or DllNotFoundException)
        {
            // musl has no malloc_trim; its allocator returns freed memory by itself.
        }
    }

    // The mapped libraries of this process name the allocator that LD_PRELOAD put first.
    private static string ReadName()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "system";
        }

        try
        {
            var maps = File.ReadAllText("/proc/self/maps");
            return maps.Contains("libtcmalloc", StringComparison.Ordinal) ? "tcmalloc"
                : maps.Contains("libjemalloc", StringComparison.Ordinal) ? "jemalloc"
                : "glibc";
        }
        catch (IOException)
        {
            return "glibc";
        }
    }

    // gperftools' C entry point; the library is mapped already, so loading it only finds it.
    private static unsafe void ReleaseTcmallocFreeMemory()
    {
        if (!NativeLibrary.TryLoad(TcmallocPreload.LibraryName, out var library))
        {
            return;
        }

        if (NativeLibrary.TryGetExport(library, "MallocExtension_ReleaseFreeMemory", out var release))
        {
            ((delegate* unmanaged<void>)release)();
        }

        NativeLibrary.Free(library);
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int option, int value);

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int malloc_trim(nuint pad);
}
