using System.Globalization;
using Dagmm.Core.Datasets;
using Spectre.Console;

namespace Dagmm.Grid.Client;

/// <summary>
/// Shows dataset downloads on stderr: a progress bar per file when stderr is a terminal, else
/// plain lines at 0, 25, 50, 75 and 100 percent and at each retry, so logs of scripted runs
/// stay short. stdout stays free for results and JSON.
/// </summary>
internal static class DownloadDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing what it reports.</summary>
    /// <param name="attempts">Attempts per file, for the "attempt 2 of 3" line.</param>
    public static async Task<T> RunAsync<T>(int attempts, Func<IProgress<DownloadProgress>, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(new PlainLines(Console.Error, attempts));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn { Culture = CultureInfo.InvariantCulture },
                new TransferSpeedColumn { Culture = CultureInfo.InvariantCulture },
                new RemainingTimeColumn())
            .StartAsync(context => work(new Bars(context, attempts)));
    }

    private static string Percent(long bytes, long total) =>
        total == 0 ? "100%" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * bytes / total:0}%");

    /// <summary>One Spectre.Console task per file, created at the file's first report.</summary>
    private sealed class Bars(ProgressContext context, int attempts) : IProgress<DownloadProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);

        public void Report(DownloadProgress value)
        {
            lock (_tasks)
            {
                if (!_tasks.TryGetValue(value.FileName, out var task))
                {
                    task = context.AddTask(value.FileName, autoStart: true, maxValue: Math.Max(1, value.TotalBytes ?? 1));
                    _tasks[value.FileName] = task;
                }

                task.IsIndeterminate = value.TotalBytes is null;
                if (value.TotalBytes is { } total)
                {
                    task.MaxValue = Math.Max(1, total);
                }

                task.Description = value.Attempt == 1
                    ? value.FileName
                    : $"{value.FileName} (attempt {value.Attempt} of {attempts})";
                task.Value = value.BytesReceived;
            }
        }
    }

    /// <summary>Writes a line when a file starts, crosses a quarter, finishes, or retries.</summary>
    private sealed class PlainLines(TextWriter output, int attempts) : IProgress<DownloadProgress>
    {
        private const long UnknownSizeStep = 4L << 20;

        private readonly Dictionary<string, (int Attempt, long Step)> _shown = new(StringComparer.Ordinal);

        public void Report(DownloadProgress value)
        {
            lock (_shown)
            {
                var step = value.TotalBytes is { } total
                    ? (total == 0 ? 4 : 4 * value.BytesReceived / total)
                    : value.BytesReceived / UnknownSizeStep;
                var isNew = !_shown.TryGetValue(value.FileName, out var lastShown);
                if (!isNew && lastShown.Attempt == value.Attempt && lastShown.Step == step)
                {
                    return;
                }

                _shown[value.FileName] = (value.Attempt, step);
                if (!isNew && lastShown.Attempt != value.Attempt && value.PreviousFailure is not null)
                {
                    output.WriteLine($"{value.FileName}: attempt {value.Attempt} of {attempts} after: {value.PreviousFailure}");
                }

                output.WriteLine(value.TotalBytes is { } size
                    ? string.Create(CultureInfo.InvariantCulture, $"{value.FileName}: {Percent(value.BytesReceived, size)} of {size:N0} bytes")
                    : string.Create(CultureInfo.InvariantCulture, $"{value.FileName}: {value.BytesReceived:N0} bytes"));
            }
        }
    }
}
