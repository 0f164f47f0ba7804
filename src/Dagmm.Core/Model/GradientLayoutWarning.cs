using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;

namespace Dagmm.Core.Model;

/// <summary>
/// Keeps libtorch's "grad and param do not obey the gradient layout contract" warning off the
/// user's terminal. <see cref="BatchedDagmmNetwork"/> gives each layer a strided view of the
/// run-major weight storage, with a gradient that is the matching view of the gradient storage, so
/// backward writes straight into what Adam steps; libtorch flags that layout as possibly slower,
/// once per process, on standard error. The warning fires only once, so it is triggered here with
/// the process's standard error pointed at /dev/null for the duration of one tiny backward pass.
/// </summary>
internal static partial class GradientLayoutWarning
{
    private const int StandardError = 2;
    private const int WriteOnly = 1;
    private static readonly Lock s_lock = new();
    private static bool s_triggered;

    /// <summary>Spends libtorch's one warning on a throwaway tensor; does nothing after the first call.</summary>
    public static void SpendOnce()
    {
        lock (s_lock)
        {
            if (s_triggered)
            {
                return;
            }

            s_triggered = true;
            // NOTE: anything else this process writes to standard error during this backward pass
            // (well under a millisecond) is lost too.
            var savedError = Dup(StandardError);
            var devNull = Open("/dev/null", WriteOnly);
            if (savedError < 0 || devNull < 0)
            {
                return;
            }

            try
            {
                Dup2(devNull, StandardError);
                TriggerWarning();
            }
            finally
            {
                Dup2(savedError, StandardError);
                Close(devNull);
                Close(savedError);
            }
        }
    }

    private static void TriggerWarning()
    {
        using var scope = torch.NewDisposeScope();
        var storage = torch.zeros(2, 16);
        var gradient = torch.zeros(2, 16);
        using var weight = new Parameter(storage.narrow(1, 0, 4).view(2, 2, 2).detach())
        {
            grad = gradient.narrow(1, 0, 4).view(2, 2, 2),
        };
        weight.sum().backward();
    }

    [LibraryImport("libc", EntryPoint = "dup")]
    private static partial int Dup(int fileDescriptor);

    [LibraryImport("libc", EntryPoint = "dup2")]
    private static partial int Dup2(int fileDescriptor, int target);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fileDescriptor);
}
