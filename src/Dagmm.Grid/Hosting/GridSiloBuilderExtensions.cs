using Dagmm.Grid.Results;
using Dagmm.Grid.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;

namespace Dagmm.Grid.Hosting;

/// <summary>Adds the grid to an Orleans silo.</summary>
public static class GridSiloBuilderExtensions
{
    /// <summary>
    /// Adds the sweep, run and registry grains, the silo's training slots, and the scheduler that
    /// leases runs into free slots once the silo is active. The options are validated at silo start.
    /// </summary>
    public static ISiloBuilder AddDagmmGrid(this ISiloBuilder builder, Action<GridOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.Configure(configure);
        services.AddSingleton<IConfigurationValidator, GridOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRunTrainer, DagmmRunTrainer>();
        services.AddSingleton(provider => new ResultStore(
            provider.GetRequiredService<IOptions<GridOptions>>().Value.ResultsDirectory,
            provider.GetRequiredService<ILogger<ResultStore>>(),
            provider.GetRequiredService<TimeProvider>()));

        // The validator reports a bad slot count with the option's name; until it runs, keep the
        // constructor from throwing a less helpful error.
        services.AddSingleton(provider => new TrainingSlots(Math.Max(1, provider.GetRequiredService<IOptions<GridOptions>>().Value.Slots)));
        services.AddSingleton<RunScheduler>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(provider => provider.GetRequiredService<RunScheduler>());
        return builder;
    }
}
