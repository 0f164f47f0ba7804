using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetProvisionerTests
{
    private static readonly DownloadOptions Fast = new() { Timeout = TimeSpan.FromSeconds(2), RetryDelay = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public async Task EnsureAvailable_missing_file_downloads()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);

        var path = await DatasetProvisioner.EnsureAvailableAsync(
            DatasetId.Thyroid, folder.Path, offline: false, progress: null, DatasetSource.Mirror(server.BaseAddress), Fast);

        Assert.Equal(3_772, DatasetLoader.Load(DatasetId.Thyroid, Path.GetDirectoryName(path)!).Rows);
    }

    [Fact]
    public async Task EnsureAvailable_present_file_skips_download()
    {
        using var folder = new TemporaryFolder();
        File.Copy(Path.Combine(SharedData.Directory, "ann-train.data"), Path.Combine(folder.Path, "ann-train.data"));
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);

        await DatasetProvisioner.EnsureAvailableAsync(
            DatasetId.Thyroid, folder.Path, offline: false, progress: null, DatasetSource.Mirror(server.BaseAddress), Fast);

        Assert.Empty(server.Exchanges);
    }

    [Fact]
    public async Task EnsureAvailable_offline_names_file_folder_command()
    {
        using var folder = new TemporaryFolder();

        var error = await Assert.ThrowsAsync<DatasetFileException>(
            () => DatasetProvisioner.EnsureAvailableAsync(DatasetId.Arrhythmia, folder.Path, offline: true, progress: null));

        Assert.Equal(Path.Combine(folder.Path, "arrhythmia.data"), error.FilePath);
        Assert.Contains($"Dataset file arrhythmia.data for arrhythmia not found in {folder.Path}.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Run grid-client datasets fetch arrhythmia --data {folder.Path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAvailable_concurrent_callers_download_once()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        var source = DatasetSource.Mirror(server.BaseAddress);

        await Task.WhenAll(
            DatasetProvisioner.EnsureAvailableAsync(DatasetId.Kddcup99, folder.Path, offline: false, progress: null, source, Fast),
            DatasetProvisioner.EnsureAvailableAsync(DatasetId.Kddcup99Rev, folder.Path, offline: false, progress: null, source, Fast));

        Assert.Single(server.Exchanges);
    }

    [Fact]
    public void FetchCommand_quotes_folder_with_spaces()
    {
        Assert.Equal("grid-client datasets fetch thyroid --data '/data/my sets'", DatasetProvisioner.FetchCommand(DatasetId.Thyroid, "/data/my sets"));
    }
}
