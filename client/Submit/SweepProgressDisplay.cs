using System.Diagnostics;
using System.Globalization;
using Dagmm.Grid.Contracts;
using Spectre.Console;

namespace Dagmm.Grid.Client.Submit;

/// <summary>
/// Shows a sweep's progress on standard error, so standard output carries only the results. On a
/// terminal it draws live bars: runs done of total with elapsed and remaining time, and one bar per
/// running run with its epoch. Otherwise it writes one line whenever the counts change.
/// </summary>
internal sealed class SweepProgressDisplay
{
    private readonly IAnsiConsole _console;
    private readonly bool _live;

    public SweepProgressDisplay()
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        _live = !Console.IsErrorRedirected && _console.Profile.Capabilities.Interactive;
    }

    /// <summary>
    /// Polls <paramref name="watcher"/> until the sweep ends, or until <paramref name="stopFollowing"/>
    /// fires, and returns its last status.
    /// </summary>
    public Task<SweepStatus> FollowAsync(SweepWatcher watcher, CancellationToken stopFollowing = default) =>
        _live ? FollowLiveAsync(watcher, stopFollowing) : FollowWithLinesAsync(watcher, stopFollowing);

    /// <summary>Waits one poll interval; returns false when <paramref name="stopFollowing"/> fired.</summary>
    private static async Task<bool> WaitForNextPollAsync(CancellationToken stopFollowing)
    {
        try
        {
            await Task.Delay(SweepWatcher.Interval, stopFollowing);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<SweepStatus> FollowLiveAsync(SweepWatcher watcher, CancellationToken stopFollowing)
    {
        var first = await watcher.PollAsync();
        return await _console.Progress()
            .AutoClear(false)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new ElapsedTimeColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask(DescribeOverall(first), autoStart: true, maxValue: Math.Max(1, first.Status.Total));
                var runTasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var snapshot = first;
                while (true)
                {
                    overall.Description = DescribeOverall(snapshot);
                    overall.Value = snapshot.Status.Finished + snapshot.Status.Cancelled;
                    UpdateRunTasks(context, runTasks, snapshot.Running);
                    if (snapshot.Status.IsTerminal || !await WaitForNextPollAsync(stopFollowing))
                    {
                        overall.StopTask();
                        return snapshot.Status;
                    }

                    snapshot = await watcher.PollAsync();
                }
            });
    }

    private static void UpdateRunTasks(ProgressContext context, Dictionary<string, ProgressTask> runTasks, IReadOnlyList<RunProgressView> running)
    {
        foreach (var run in running)
        {
            if (!runTasks.TryGetValue(run.RunKey, out var task))
            {
                task = context.AddTask(Markup.Escape(ShortName(run.RunKey)), autoStart: true, maxValue: 1);
                runTasks.Add(run.RunKey, task);
            }

            task.MaxValue = Math.Max(1, run.TotalEpochs);
            task.Value = run.Epoch;
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{ShortName(run.RunKey)}  epoch {run.Epoch}/{run.TotalEpochs}"));
        }

        var ended = runTasks.Keys.Where(key => !running.Any(run => run.RunKey == key)).ToList();
        foreach (var key in ended)
        {
            runTasks[key].Value = runTasks[key].MaxValue;
            runTasks[key].StopTask();
            runTasks.Remove(key);
        }
    }

    private async Task<SweepStatus> FollowWithLinesAsync(SweepWatcher watcher, CancellationToken stopFollowing)
    {
        var stopwatch = Stopwatch.StartNew();
        string? lastLine = null;
        while (true)
        {
            var snapshot = await watcher.PollAsync();
            var line = DescribeOverall(snapshot);
            if (line != lastLine)
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{stopwatch.Elapsed:hh\\:mm\\:ss}] {line}"));
                lastLine = line;
            }

            if (snapshot.Status.IsTerminal || !await WaitForNextPollAsync(stopFollowing))
            {
                return snapshot.Status;
            }
        }
    }

    private static string DescribeOverall(SweepSnapshot snapshot)
    {
        var status = snapshot.Status;
        var text = string.Create(CultureInfo.InvariantCulture, $"{status.Name}: {status.Finished}/{status.Total} runs done");
        if (status.Failed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {status.Failed} failed");
        }

        if (status.Reused > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {status.Reused} reused");
        }

        text += string.Create(CultureInfo.InvariantCulture, $", {status.Running} running");
        if (snapshot.CancelRequested)
        {
            text += ", cancelling";
        }

        return text;
    }

    /// <summary>Returns the run key without its sweep name, which the overall line already shows.</summary>
    private static string ShortName(string runKey)
    {
        var separator = runKey.IndexOf('/', StringComparison.Ordinal);
        return separator < 0 ? runKey : runKey[(separator + 1)..];
    }
}
