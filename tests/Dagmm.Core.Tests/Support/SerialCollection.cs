namespace Dagmm.Core.Tests.Support;

/// <summary>Tests that measure process-wide state (resident memory) and must not share the process with parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
