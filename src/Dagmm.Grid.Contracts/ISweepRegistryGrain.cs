using System.Collections.Immutable;
using Orleans;
using Orleans.Concurrency;

namespace Dagmm.Grid.Contracts;

/// <summary>
/// The list of sweeps this cluster knows (a single grain, key 0). Silos read the running sweeps
/// from it to know which coordinators to ask for work. Coordinators call it; it calls nobody.
/// </summary>
[Alias("dagmm.ISweepRegistryGrain")]
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds the sweep or updates its state.</summary>
    [Alias("SetState")]
    Task SetStateAsync(string sweepName, SweepState state);

    /// <summary>Returns the sweep's state, or null when the registry does not list it.</summary>
    [ReadOnly, Alias("GetState")]
    Task<SweepState?> GetStateAsync(string sweepName);

    /// <summary>Returns the names of sweeps in the <see cref="SweepState.Running"/> state, oldest first.</summary>
    [ReadOnly, Alias("GetRunning")]
    Task<ImmutableArray<string>> GetRunningSweepsAsync();

    [ReadOnly, Alias("List")]
    Task<ImmutableArray<SweepListing>> ListAsync();
}
