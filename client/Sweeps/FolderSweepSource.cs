using Dagmm.Core.Datasets;
using Dagmm.Core.Training;
using Dagmm.Grid.Client.Submit;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Results;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Client.Sweeps;

/// <summary>
/// Reads sweeps from a results folder, without a cluster. It reads finished runs only: a run without
/// a result is unfinished, whether it waits, trains, or was lost with its silo.
/// </summary>
/// <param name="resultsDirectory">The results folder that contains one folder per sweep.</param>
/// <param name="dataDirectory">
/// The data folder that relative table paths of users' datasets in sweep files resolve against;
/// null for --data's default (DAGMM_DATA, else ~/.cache/dagmm-grid/datasets).
/// </param>
internal sealed class FolderSweepSource(string resultsDirectory, string? dataDirectory = null) : ISweepSource
{
    private readonly ResultStore _store = new(resultsDirectory, new StandardErrorLogger<ResultStore>(ResultStore.RescoreEventIds));

    public string Description =>
        Directory.Exists(_store.ResultsRoot) ? $"the results folder {_store.ResultsRoot}"
        : $"the results folder {_store.ResultsRoot}, which does not exist";

    public string ListCommand => $"grid-client list --results {_store.ResultsRoot}";

    public async Task<SweepOverview?> GetOverviewAsync(string sweepName)
    {
        var definition = LoadDefinition(sweepName);
        if (definition is null)
        {
            return null;
        }

        var records = await ReadCurrentRecordsAsync(definition);
        var succeeded = records.Count(record => record.Status == RunRecord.StatusName(RunStatus.Succeeded));
        var failed = records.Count(record => record.Status == RunRecord.StatusName(RunStatus.Failed));
        var cancelled = records.Count - succeeded - failed;
        var pending = definition.Runs.Count - records.Count;
        // A summary of an earlier version of the sweep file can be current while runs that the
        // current file added have no result yet.
        var state = DescribeState(sweepName);
        if (state == SweepOverview.StateName(SweepState.Completed) && succeeded + failed < definition.Runs.Count)
        {
            state = SweepOverview.Incomplete;
        }

        // A cancelled sweep writes no file for the runs it stopped, and none of them waits any more.
        if (state == SweepOverview.StateName(SweepState.Cancelled))
        {
            cancelled += pending;
            pending = 0;
        }

        return new SweepOverview
        {
            Name = sweepName,
            State = state,
            Total = definition.Runs.Count,
            Pending = pending,
            Running = 0,
            Succeeded = succeeded,
            Failed = failed,
            Cancelled = cancelled,
            Reused = 0,
        };
    }

    public async Task<(string SweepFolder, IReadOnlyList<RunRecord> Runs)> GetRecordsAsync(string sweepName)
    {
        RequireDefinition(sweepName);
        return (_store.SweepFolder(sweepName), await _store.ReadRunsAsync(sweepName));
    }

    public async Task<(string SweepFolder, RescoredRuns Rescored)> RescoreAsync(string sweepName, RescoreRequest request)
    {
        RequireDefinition(sweepName);
        return (_store.SweepFolder(sweepName), await _store.RescoreAndSaveAsync(sweepName, request));
    }

    public async Task<IReadOnlyList<RunRow>> GetRunRowsAsync(string sweepName)
    {
        var definition = RequireDefinition(sweepName);
        var byKey = (await ReadCurrentRecordsAsync(definition)).ToDictionary(record => record.RunKey, StringComparer.Ordinal);
        var rows = definition.Runs.Select(run => RunRow.Create(run.RunKey, null, byKey.GetValueOrDefault(run.RunKey)));

        // The runs a cancel stopped have no file. They read as cancelled, as status counts them.
        if (_store.IsCancelled(sweepName))
        {
            var cancelled = RunRecord.StatusName(RunStatus.Cancelled);
            rows = rows.Select(row => row.Result is null ? row with { Status = cancelled } : row);
        }

        return rows.ToList();
    }

    public Task<IReadOnlyList<SweepEntry>> ListAsync()
    {
        IReadOnlyList<SweepEntry> entries = _store.ListSweeps()
            .Select(name => new SweepEntry(name, DescribeState(name), _store.SweepWrittenAt(name) ?? DateTimeOffset.MinValue))
            .ToList();
        return Task.FromResult(entries);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // A sweep that a grid-client on this machine runs in-process holds the lock of its folder; its
    // runs without a result wait or train there.
    private string DescribeState(string sweepName) =>
        SweepFolderLock.IsHeld(_store.SweepFolder(sweepName)) ? SweepOverview.StateName(SweepState.Running)
        : _store.IsCancelled(sweepName) ? SweepOverview.StateName(SweepState.Cancelled)
        : _store.HasCurrentSummary(sweepName) ? SweepOverview.StateName(SweepState.Completed)
        : SweepOverview.Incomplete;

    /// <summary>Reads the run files whose keys the current sweep file lists.</summary>
    // NOTE: a user's table that changed since the sweep ran gives new run keys, so its finished runs
    // are not counted here and the sweep shows as unfinished, without a warning.
    private async Task<IReadOnlyList<RunRecord>> ReadCurrentRecordsAsync(SweepDefinition definition)
    {
        var keys = definition.Runs.Select(run => run.RunKey).ToHashSet(StringComparer.Ordinal);
        return (await _store.ReadRunsAsync(definition.Name)).Where(record => keys.Contains(record.RunKey)).ToList();
    }

    private SweepDefinition RequireDefinition(string sweepName) =>
        LoadDefinition(sweepName) ?? throw new UsageException(
            $"sweep \"{sweepName}\" not found in {Description}; pass --results DIR with the folder that contains {sweepName}/, or --cluster URL to ask a cluster");

    /// <summary>Returns the sweep file of <paramref name="sweepName"/>, or null when the folder has none.</summary>
    private SweepDefinition? LoadDefinition(string sweepName)
    {
        string sweepFile;
        try
        {
            sweepFile = Path.Combine(_store.SweepFolder(sweepName), ResultStore.SweepFileName);
        }
        catch (ArgumentException)
        {
            return null;
        }

        if (!File.Exists(sweepFile))
        {
            return null;
        }

        try
        {
            return SweepFile.Load(sweepFile, DataFolder.Resolve(dataDirectory));
        }
        catch (SweepFileException error)
        {
            throw new UsageException(error.Message);
        }
    }
}
