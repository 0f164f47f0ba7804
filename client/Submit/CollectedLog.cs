using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// Keeps the in-process silo's warnings and errors while the progress display owns the terminal,
/// so they can be printed after it: the grid's own warnings and above, and errors of everything
/// else. At most <see cref="Capacity"/> lines are kept; the rest are counted.
/// </summary>
internal sealed class CollectedLog : ILoggerProvider
{
    public const int Capacity = 200;

    private readonly ConcurrentQueue<string> _lines = new();
    private int _dropped;

    public IReadOnlyCollection<string> Lines => _lines;

    public int Dropped => Volatile.Read(ref _dropped);

    public ILogger CreateLogger(string categoryName) => new CollectingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string line)
    {
        if (_lines.Count < Capacity)
        {
            _lines.Enqueue(line);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private sealed class CollectingLogger(CollectedLog log, string categoryName) : ILogger
    {
        private readonly LogLevel _minimumLevel = categoryName.StartsWith("Dagmm.", StringComparison.Ordinal) ? LogLevel.Warning : LogLevel.Error;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= _minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            log.Add(FormatLine(logLevel, formatter(state, exception), exception));
        }
    }

    /// <summary>Formats a log entry as grid-client prints it: "warning: message (ExceptionType: reason)".</summary>
    public static string FormatLine(LogLevel logLevel, string message, Exception? exception)
    {
        var level = logLevel >= LogLevel.Error ? "error" : "warning";
        var reason = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
        return $"{level}: {message}{reason}";
    }
}
