using System.Collections.Immutable;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Hosting;
using Dagmm.Grid.Results;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace Dagmm.Grid.Grains;

/// <summary>
/// The list of sweeps (one grain, key 0), kept in memory. A running coordinator registers again on
/// each timer tick, so a registry that lost its silo fills again within one renew interval. With
/// <see cref="GridOptions.ResumeUnfinishedSweeps"/>, it is also filled from the results folder when it
/// activates: a cancel marker lists a sweep as cancelled, a summary newer than the sweep file as
/// completed, and any other sweep as running. Silos then ask the coordinators of those running sweeps
/// for work, so a sweep resumes after every silo restarted, and a coordinator that finds its sweep
/// finished corrects the entry.
/// </summary>
internal sealed partial class SweepRegistryGrain(
    ResultStore store,
    IOptions<GridOptions> options,
    TimeProvider time,
    ILogger<SweepRegistryGrain> logger) : Grain, ISweepRegistryGrain
{
    private readonly Dictionary<string, SweepListing> _sweeps = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.ResumeUnfinishedSweeps)
        {
            return Task.CompletedTask;
        }

        try
        {
            foreach (var sweep in store.ListSweeps())
            {
                var state = store.IsCancelled(sweep) ? SweepState.Cancelled
                    : store.HasCurrentSummary(sweep) ? SweepState.Completed
                    : SweepState.Running;
                var writtenAt = store.SweepWrittenAt(sweep) ?? time.GetUtcNow();
                _sweeps[sweep] = new SweepListing { Name = sweep, State = state, RegisteredAt = writtenAt, UpdatedAt = writtenAt };
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The coordinators of running sweeps register themselves again on their next timer tick.
            LogResultsFolderUnreadable(error, store.ResultsRoot);
        }

        LogRegistryLoaded(_sweeps.Count, _sweeps.Values.Count(listing => listing.State == SweepState.Running), store.ResultsRoot);
        return Task.CompletedTask;
    }

    public Task SetStateAsync(string sweepName, SweepState state)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepName);
        var now = time.GetUtcNow();
        if (_sweeps.TryGetValue(sweepName, out var listing))
        {
            if (listing.State != state)
            {
                _sweeps[sweepName] = listing with { State = state, UpdatedAt = now };
            }
        }
        else
        {
            _sweeps[sweepName] = new SweepListing { Name = sweepName, State = state, RegisteredAt = now, UpdatedAt = now };
        }

        return Task.CompletedTask;
    }

    public Task<SweepState?> GetStateAsync(string sweepName) =>
        Task.FromResult(_sweeps.TryGetValue(sweepName, out var listing) ? listing.State : (SweepState?)null);

    public Task<ImmutableArray<string>> GetRunningSweepsAsync() => Task.FromResult(
        _sweeps.Values
            .Where(listing => listing.State == SweepState.Running)
            .OrderBy(listing => listing.RegisteredAt)
            .Select(listing => listing.Name)
            .ToImmutableArray());

    public Task<ImmutableArray<SweepListing>> ListAsync() => Task.FromResult(
        _sweeps.Values.OrderBy(listing => listing.RegisteredAt).ToImmutableArray());

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "Sweep registry loaded {Count} sweeps from {ResultsFolder}, {Running} of them not finished")]
    private partial void LogRegistryLoaded(int count, int running, string resultsFolder);

    [LoggerMessage(EventId = 131, Level = LogLevel.Error, Message = "Sweep registry could not read the results folder {ResultsFolder}; it lists only the sweeps whose coordinators register")]
    private partial void LogResultsFolderUnreadable(Exception error, string resultsFolder);
}
