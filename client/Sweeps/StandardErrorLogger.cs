using Dagmm.Grid.Client.Submit;
using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>
/// Writes warnings and errors straight to standard error, for commands that read a results folder
/// without a silo, so a skipped unreadable file is reported where the user sees it.
/// </summary>
/// <param name="skippedEventIds">Events the command prints itself in its own words.</param>
internal sealed class StandardErrorLogger<T>(IReadOnlySet<int> skippedEventIds) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel) && !skippedEventIds.Contains(eventId.Id))
        {
            Console.Error.WriteLine(CollectedLog.FormatLine(logLevel, formatter(state, exception), exception));
        }
    }
}
