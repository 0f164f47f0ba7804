using Microsoft.Extensions.Logging;

namespace Dagmm.Grid.Tests.Support;

/// <summary>
/// Appends every log line of a test cluster to one file, so a failing cluster test leaves the
/// silos' account of what happened next to its results folder.
/// </summary>
internal sealed class FileLoggerProvider(string path, LogLevel minimumLevel) : ILoggerProvider
{
    private readonly Lock _writeLock = new();

    public string Path { get; } = path;

    public LogLevel MinimumLevel { get; } = minimumLevel;

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string categoryName, LogLevel level, string message, Exception? error)
    {
        var exceptionText = error is null ? "" : Environment.NewLine + error;
        var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {level,-11} {categoryName}: {message}{exceptionText}{Environment.NewLine}";
        lock (_writeLock)
        {
            try
            {
                File.AppendAllText(Path, line);
            }
            catch (DirectoryNotFoundException)
            {
                // The test already deleted its folder; a killed silo's leftover tasks still log.
            }
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string categoryName) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider.MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(categoryName, logLevel, formatter(state, exception), exception);
            }
        }
    }
}
