using System.Collections.Concurrent;
using System.Diagnostics;

namespace Dagmm.Grid.Cluster.Tests.Support;

/// <summary>
/// A process a test started, with its standard output and error collected line by line and copied
/// to a log file. Disposing it kills the process and its children if they still run, so a failing
/// test leaves nothing behind.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _standardOutput = new();
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly SemaphoreSlim _lineAdded = new(0);

    private ChildProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    /// <summary>Names the process in failure messages, such as "silo 2".</summary>
    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written so far to standard output or error, in arrival order.</summary>
    public IReadOnlyCollection<string> Lines => _lines;

    public string Output => string.Join('\n', _lines);

    /// <summary>The lines written to standard output only.</summary>
    public string StandardOutput => string.Join('\n', _standardOutput);

    /// <summary>Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> with extra environment variables.</summary>
    public static ChildProcess StartDotnet(string name, string dll, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(name, "dotnet", [dll, .. arguments], logPath, environment);

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, string logPath, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The variables a developer may have set must not point the processes at another cluster or folder.
        foreach (var variable in new[] { "DAGMM_CLUSTER", "DAGMM_RESULTS", "DAGMM_SLOTS", "DAGMM_ADVERTISE" })
        {
            start.Environment.Remove(variable);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, log);
        process.OutputDataReceived += (_, line) => child.Add(line.Data, standardOutput: true);
        process.ErrorDataReceived += (_, line) => child.Add(line.Data, standardOutput: false);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: {fileName} did not start");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until a line contains <paramref name="text"/>; fails with the output when the process exits first or time runs out.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout) =>
        await WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"a line containing \"{text}\"", timeout);

    public async Task<string> WaitForLineAsync(Func<string, bool> predicate, string description, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = _lines.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            if (_process.HasExited)
            {
                // The exit can overtake the last lines on their way through the pipes.
                _process.WaitForExit();
                match = _lines.FirstOrDefault(predicate);
                return match ?? throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before writing {description}. Output:\n{Output}");
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{Name} did not write {description} within {timeout}. Output:\n{Output}");
            }

            await _lineAdded.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code; kills it and fails when <paramref name="timeout"/> passes first.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not exit within {timeout}. Output:\n{Output}");
        }

        // The parameterless wait also waits for the end of the redirected output.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Sends SIGKILL to the process and its children, as <c>kill -9</c> does.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    /// <summary>Sends SIGTERM, the signal of a normal stop, with the kill command and waits for the exit.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            // A process that ignores SIGKILL is stuck in the kernel; nothing more can be done here.
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log.Dispose();
        }
    }

    private void Add(string? line, bool standardOutput)
    {
        if (line is null)
        {
            return;
        }

        if (standardOutput)
        {
            _standardOutput.Enqueue(line);
        }

        _lines.Enqueue(line);
        lock (_logLock)
        {
            try
            {
                _log.WriteLine($"[{Name}] {line}");
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after disposal is still kept in Lines.
            }
        }

        _lineAdded.Release();
    }
}
