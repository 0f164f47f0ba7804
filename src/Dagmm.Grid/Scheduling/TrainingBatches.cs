using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Scheduling;

/// <summary>
/// Which runs may share a training slot: runs of one sweep whose settings differ only in the seed
/// train together as one batched model. The coordinator forms the batches when it leases.
/// </summary>
internal static class TrainingBatches
{
    /// <summary>Returns the key that runs training together share: their settings without the seed.</summary>
    public static string KeyOf(RunSettings settings) => RunSettingsJson.SerializeConfiguration(settings);
}
