namespace Dagmm.Grid.Tests.Cluster;

/// <summary>
/// One two-silo test cluster with one training slot per silo, shared by the cluster tests that
/// leave it intact. Each test uses its own sweep name.
/// </summary>
public sealed class GridClusterFixture : IAsyncLifetime
{
    private GridTestCluster? _cluster;

    internal GridTestCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() => _cluster = await GridTestCluster.StartAsync(silos: 2, slotsPerSilo: 1);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

/// <summary>
/// The cluster tests run one at a time: they train real runs on a machine with few cores, and their
/// timing checks (lease expiry, cancellation) assume the CPU is not shared with other cluster tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GridClusterCollection : ICollectionFixture<GridClusterFixture>
{
    public const string Name = "Grid cluster";
}
