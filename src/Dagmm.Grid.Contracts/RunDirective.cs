using Orleans;

namespace Dagmm.Grid.Contracts;

/// <summary>What the run grain tells the silo after a progress report.</summary>
[GenerateSerializer, Alias("dagmm.RunDirective")]
public enum RunDirective
{
    Continue,

    /// <summary>Stop training: the sweep was cancelled, or the run finished or moved to another attempt.</summary>
    Stop,
}
