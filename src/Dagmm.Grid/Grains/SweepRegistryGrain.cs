using System.Collections.Immutable;
using Dagmm.Grid.Contracts;
using Orleans;

namespace Dagmm.Grid.Grains;

/// <summary>
/// The list of sweeps (one grain, key 0). It is kept in memory only: a running coordinator
/// registers again on each timer tick, so a registry that lost its silo fills again within one
/// renew interval, while finished and cancelled sweeps reappear only when their coordinator activates.
/// </summary>
internal sealed class SweepRegistryGrain(TimeProvider time) : Grain, ISweepRegistryGrain
{
    private readonly Dictionary<string, SweepListing> _sweeps = new(StringComparer.Ordinal);

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
}
