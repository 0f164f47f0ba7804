using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>Typed references to the grid's grains, so every caller derives grain keys the same way.</summary>
public static class GridGrainFactoryExtensions
{
    /// <summary>The key of the one sweep registry grain.</summary>
    public const long RegistryKey = 0;

    public static ISweepCoordinatorGrain GetSweepCoordinator(this IGrainFactory grains, string sweepName) =>
        grains.GetGrain<ISweepCoordinatorGrain>(sweepName);

    /// <summary>Returns the run grain of <paramref name="runKey"/>; run keys start with their sweep name, so they are unique across sweeps.</summary>
    public static IRunGrain GetRunGrain(this IGrainFactory grains, string runKey) =>
        grains.GetGrain<IRunGrain>(runKey);

    public static ISweepRegistryGrain GetSweepRegistry(this IGrainFactory grains) =>
        grains.GetGrain<ISweepRegistryGrain>(RegistryKey);
}
