using System.Diagnostics;
using System.Security.Cryptography;
using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

public class DatasetDownloaderTests
{
    private static readonly DatasetFile Thyroid = DatasetCatalog.FileOf(DatasetId.Thyroid);
    private static readonly DatasetFile Arrhythmia = DatasetCatalog.FileOf(DatasetId.Arrhythmia);

    // Small limits keep the failure cases fast. The server is on loopback, where 2 s is ample for a healthy read.
    private static readonly DownloadOptions Fast = new()
    {
        Timeout = TimeSpan.FromSeconds(2),
        Attempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(10),
    };

    private static byte[] Original(DatasetFile file) => File.ReadAllBytes(Path.Combine(SharedData.Directory, file.FileName));

    private static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Download_from_mirror_lands_verified()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress));

        Assert.Equal(Path.Combine(folder.Path, "ann-train.data"), path);
        Assert.Equal(Thyroid.Sha256, Sha256Of(path));
        Assert.False(File.Exists(path + ".partial"));
        Assert.Equal("ann-train.data", Assert.Single(server.Exchanges).Path);
    }

    [Fact]
    public async Task Download_reports_bytes_and_total()
    {
        using var folder = new TemporaryFolder();
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        using var downloader = new DatasetDownloader(Fast);
        var reports = new List<DownloadProgress>();

        await downloader.DownloadAsync(Arrhythmia, folder.Path, DatasetSource.Mirror(server.BaseAddress), new ListProgress<DownloadProgress>(reports));

        Assert.Equal(0, reports[0].BytesReceived);
        Assert.Equal(402_355, reports[^1].BytesReceived);
        Assert.All(reports, report => Assert.Equal(402_355, report.TotalBytes));
        Assert.All(reports, report => Assert.Equal("arrhythmia.data", report.FileName));
    }

    [Fact]
    public async Task Download_checksum_mismatch_keeps_folder_clean()
    {
        using var folder = new TemporaryFolder();
        var altered = Original(Thyroid);
        altered[1000] ^= 0x01;
        await using var server = LoopbackHttpServer.Serving(altered);
        using var downloader = new DatasetDownloader(Fast);

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(
            () => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress)));

        Assert.Contains($"expected {Thyroid.Sha256}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"actual {Convert.ToHexStringLower(SHA256.HashData(altered))}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{server.BaseAddress}ann-train.data", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
        Assert.Single(server.Exchanges);
    }

    [Fact]
    public async Task Download_checksum_mismatch_keeps_existing_file()
    {
        using var folder = new TemporaryFolder();
        var existing = Path.Combine(folder.Path, "ann-train.data");
        File.WriteAllText(existing, "the user's own copy");
        await using var server = LoopbackHttpServer.Serving([1, 2, 3]);
        using var downloader = new DatasetDownloader(Fast);

        await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress)));

        Assert.Equal("the user's own copy", File.ReadAllText(existing));
        Assert.False(File.Exists(existing + ".partial"));
    }

    [Fact]
    public async Task Download_not_found_fails_without_retry()
    {
        using var folder = new TemporaryFolder();
        await using var server = new LoopbackHttpServer(exchange => exchange.ServeFileAsync(folder.Path, honourRange: true));
        using var downloader = new DatasetDownloader(Fast);

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(
            () => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress)));

        Assert.Contains($"Download of ann-train.data from {server.BaseAddress}ann-train.data failed: the server returned 404 Not Found", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Exchanges);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task Download_server_error_is_retried()
    {
        using var folder = new TemporaryFolder();
        await using var server = new LoopbackHttpServer(exchange => exchange.Number == 1
            ? exchange.SendAsync(503, "Service Unavailable", [])
            : exchange.ServeFileAsync(SharedData.Directory, honourRange: true));
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress));

        Assert.Equal(Thyroid.Sha256, Sha256Of(path));
        Assert.Equal(2, server.Exchanges.Count);
    }

    [Fact]
    public async Task Download_closed_half_way_resumes_with_range()
    {
        using var folder = new TemporaryFolder();
        var content = Original(Thyroid);
        var half = content.Length / 2;
        await using var server = new LoopbackHttpServer(exchange => exchange.Number == 1
            ? exchange.SendTruncatedAsync(content, half)
            : exchange.SendContentAsync(content, honourRange: true));
        using var downloader = new DatasetDownloader(Fast);
        var reports = new List<DownloadProgress>();

        var path = await downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress), new ListProgress<DownloadProgress>(reports));

        Assert.Equal(Thyroid.Sha256, Sha256Of(path));
        var exchanges = server.Exchanges;
        Assert.Equal(2, exchanges.Count);
        Assert.Null(exchanges[0].RangeStart);
        Assert.Equal(half, exchanges[1].RangeStart);
        Assert.Equal(content.Length - half, exchanges[1].BodyBytesSent);
        Assert.Contains(reports, report => report.Attempt == 2 && report.PreviousFailure!.StartsWith("connection closed after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_closed_half_way_restarts_without_ranges()
    {
        using var folder = new TemporaryFolder();
        var content = Original(Thyroid);
        await using var server = new LoopbackHttpServer(exchange => exchange.Number == 1
            ? exchange.SendTruncatedAsync(content, content.Length / 2)
            : exchange.SendContentAsync(content, honourRange: false));
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress));

        Assert.Equal(Thyroid.Sha256, Sha256Of(path));
        Assert.Equal(content.Length, server.Exchanges[1].BodyBytesSent);
    }

    [Fact]
    public async Task Download_every_attempt_closed_fails()
    {
        using var folder = new TemporaryFolder();
        var content = Original(Thyroid);
        await using var server = new LoopbackHttpServer(exchange => exchange.SendTruncatedAsync(content, 1000));
        using var downloader = new DatasetDownloader(Fast);

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(
            () => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress)));

        Assert.Contains($"Download of ann-train.data from {server.BaseAddress}ann-train.data failed after 3 attempts: attempt 1: connection closed after 1,000 of 264,725 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 3: connection closed", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Exchanges.Count);
        Assert.False(File.Exists(Path.Combine(folder.Path, "ann-train.data")));
    }

    [Fact]
    public async Task Download_stalled_server_times_out()
    {
        using var folder = new TemporaryFolder();
        var content = Original(Thyroid);
        await using var server = new LoopbackHttpServer(exchange => exchange.StallAsync(content, 5000));
        var options = new DownloadOptions { Timeout = TimeSpan.FromSeconds(2), Attempts = 2, RetryDelay = TimeSpan.FromMilliseconds(10) };
        using var downloader = new DatasetDownloader(options);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(
            () => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(server.BaseAddress)));

        // Two attempts of 2 s each plus a 10 ms wait; the 2 s timeout leaves a busy machine time to deliver the first bytes.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"took {clock.Elapsed}");
        Assert.Contains("attempt 1: timed out: no data for 2 s after 5,000 of 264,725 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempt 2: timed out: no data for 2 s after 5,000 of 264,725 bytes", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Path, "ann-train.data")));
    }

    [Fact]
    public async Task Download_resumes_existing_partial_file()
    {
        using var folder = new TemporaryFolder();
        var content = Original(Arrhythmia);
        var partial = Path.Combine(folder.Path, "arrhythmia.data.partial");
        File.WriteAllBytes(partial, content[..100_000]);
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        using var downloader = new DatasetDownloader(Fast);
        var reports = new List<DownloadProgress>();

        var path = await downloader.DownloadAsync(Arrhythmia, folder.Path, DatasetSource.Mirror(server.BaseAddress), new ListProgress<DownloadProgress>(reports));

        Assert.Equal(Arrhythmia.Sha256, Sha256Of(path));
        var exchange = Assert.Single(server.Exchanges);
        Assert.Equal(100_000, exchange.RangeStart);
        Assert.Equal(302_355, exchange.BodyBytesSent);
        Assert.Equal(100_000, reports[0].BytesReceived);
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task Download_stale_partial_restarts_once()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "arrhythmia.data.partial"), new byte[100_000]);
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Arrhythmia, folder.Path, DatasetSource.Mirror(server.BaseAddress));

        Assert.Equal(Arrhythmia.Sha256, Sha256Of(path));
        Assert.Equal([100_000, null], server.Exchanges.Select(exchange => exchange.RangeStart));
    }

    [Fact]
    public async Task Download_range_ignored_overwrites_partial()
    {
        using var folder = new TemporaryFolder();
        var partial = Path.Combine(folder.Path, "arrhythmia.data.partial");
        File.WriteAllBytes(partial, new byte[50_000]);
        await using var server = LoopbackHttpServer.Serving(Original(Arrhythmia));
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Arrhythmia, folder.Path, DatasetSource.Mirror(server.BaseAddress));

        Assert.Equal(Arrhythmia.Sha256, Sha256Of(path));
        Assert.Equal(50_000, server.Exchanges[0].RangeStart);
    }

    [Fact]
    public async Task Download_oversized_partial_restarts()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "arrhythmia.data.partial"), new byte[500_000]);
        await using var server = LoopbackHttpServer.ServingFolder(SharedData.Directory);
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Arrhythmia, folder.Path, DatasetSource.Mirror(server.BaseAddress));

        Assert.Equal(Arrhythmia.Sha256, Sha256Of(path));
        Assert.Equal([500_000, null], server.Exchanges.Select(exchange => exchange.RangeStart));
    }

    [Fact]
    public async Task Download_refused_connection_fails_clearly()
    {
        using var folder = new TemporaryFolder();
        Uri address;
        await using (var server = LoopbackHttpServer.Serving([]))
        {
            address = server.BaseAddress;
        }

        using var downloader = new DatasetDownloader(Fast with { Attempts = 2 });

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Mirror(address)));

        Assert.Contains("attempt 2: request failed after 0 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("Check the network connection", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_from_folder_copies_verified()
    {
        using var folder = new TemporaryFolder();
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Folder(SharedData.Directory));

        Assert.Equal(Thyroid.Sha256, Sha256Of(path));
    }

    [Fact]
    public async Task Download_from_folder_without_file_fails()
    {
        using var source = new TemporaryFolder();
        using var folder = new TemporaryFolder();
        using var downloader = new DatasetDownloader(Fast);

        var error = await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader.DownloadAsync(Thyroid, folder.Path, DatasetSource.Folder(source.Path)));

        Assert.Contains($"{Path.Combine(source.Path, "ann-train.data")} not found", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public async Task Download_creates_missing_data_folder()
    {
        using var parent = new TemporaryFolder();
        var folder = Path.Combine(parent.Path, "nested", "datasets");
        using var downloader = new DatasetDownloader(Fast);

        var path = await downloader.DownloadAsync(Thyroid, folder, DatasetSource.Folder(SharedData.Directory));

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Downloader_invalid_options_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new DatasetDownloader(new DownloadOptions { Attempts = 0, Timeout = TimeSpan.Zero }));

        Assert.Contains("timeout: 0 s is invalid", error.Message, StringComparison.Ordinal);
        Assert.Contains("attempts: 0 is invalid", error.Message, StringComparison.Ordinal);
    }
}
