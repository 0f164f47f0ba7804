using Microsoft.Extensions.Hosting;

namespace Dagmm.Grid.Hosting;

/// <summary>
/// A host lifetime that registers no signal handlers, for hosts that a command starts and stops
/// itself. The default console lifetime takes SIGINT and SIGTERM and only stops its host, which no
/// command waits for, so a grid-client process ignored SIGTERM. With this lifetime the command
/// handles the signals, or the runtime's default ends the process.
/// </summary>
public sealed class CommandOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
