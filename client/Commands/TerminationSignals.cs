using System.Runtime.InteropServices;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// Turns the first Ctrl+C (SIGINT) or SIGTERM (kill, timeout, docker stop) into a cancellation, so
/// a command stops its training, keeps what finished and removes what it left half done. A second
/// signal ends the process at once.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private volatile bool _terminated;

    public TerminationSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>A token that the first signal cancels.</summary>
    public CancellationToken Token => _cancellation.Token;

    public bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    /// <summary>The exit code of a command that a signal stopped: 143 after SIGTERM, 130 after Ctrl+C.</summary>
    public int ExitCode => _terminated ? GridClient.ExitTerminated : GridClient.ExitCancelled;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Only the first signal is handled here; the second keeps its default action and ends the process.
        context.Cancel = !_cancellation.IsCancellationRequested;
        if (context.Signal == PosixSignal.SIGTERM)
        {
            _terminated = true;
        }

        _cancellation.Cancel();
    }
}
