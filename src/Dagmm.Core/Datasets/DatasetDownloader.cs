using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Downloads catalog files into a data folder. Each file is written to &lt;file&gt;.partial,
/// checked against its SHA-256 from <see cref="DatasetCatalog"/>, and renamed to its catalog name
/// only when the checksum matches, so the data folder never contains a damaged file under that name.
/// An interrupted download resumes with an HTTP Range request when the server supports ranges
/// (206 Partial Content) and starts over when it does not (200 OK).
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    /// <summary>Suffix of the file a download writes before its checksum is verified.</summary>
    public const string PartialSuffix = ".partial";

    private const int BufferSize = 81_920;

    private readonly HttpClient _client;

    /// <param name="options">Timeout, attempts and back-off, or null for the defaults of <see cref="DownloadOptions"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid. The message lists every problem.</exception>
    public DatasetDownloader(DownloadOptions? options = null)
    {
        Options = options ?? new DownloadOptions();
        var problems = Options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid download options: " + string.Join("; ", problems), nameof(options));
        }

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = Options.Timeout,
            // The .gz file must land byte for byte, so never let the handler decompress a response.
            AutomaticDecompression = DecompressionMethods.None,
        };

        // The per-read timeout below replaces HttpClient.Timeout, which would also end a slow but steady download.
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("dagmm-grid", "1.0"));
    }

    public DownloadOptions Options { get; }

    /// <summary>Returns the path a download of <paramref name="filePath"/> writes to before verification.</summary>
    public static string PartialPathOf(string filePath) => filePath + PartialSuffix;

    /// <summary>
    /// Downloads <paramref name="file"/> from <paramref name="source"/> into
    /// <paramref name="dataDirectory"/>, creating the folder when needed, and returns the file's
    /// full path. An existing file under the catalog name is replaced only by a verified download.
    /// Network failures, timeouts and HTTP 408, 429 and 5xx responses are retried up to
    /// <see cref="DownloadOptions.Attempts"/> times with doubling waits, and a retry resumes the
    /// partial file. Other HTTP errors and a checksum mismatch fail at once.
    /// </summary>
    /// <exception cref="DatasetDownloadException">
    /// The file could not be fetched or failed its checksum. The message names the source, every
    /// attempt's failure, or the expected and actual SHA-256.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<string> DownloadAsync(
        DatasetFile file,
        string dataDirectory,
        DatasetSource source,
        IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(source);

        var folder = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, file.FileName);
        var partial = PartialPathOf(target);

        if (source.FolderPath is not null)
        {
            await CopyFromFolderAsync(file, source.Describe(file), partial, progress, cancellationToken);
        }
        else
        {
            var address = source.AddressOf(file)!;
            var keptEarlierBytes = await FetchWithRetriesAsync(file, address, partial, progress, cancellationToken);
            if (keptEarlierBytes && !await HasChecksumAsync(partial, file, cancellationToken))
            {
                // The partial file left by an earlier fetch may contain bytes of another version of
                // the file or from another mirror, so start over once without it.
                File.Delete(partial);
                await FetchWithRetriesAsync(file, address, partial, progress, cancellationToken);
            }
        }

        await VerifyAndRenameAsync(file, source.Describe(file), partial, target, cancellationToken);
        return target;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Runs <see cref="TransferAsync"/> until an attempt completes, and returns whether the result
    /// still starts with bytes of a partial file that existed before this call.
    /// </summary>
    private async Task<bool> FetchWithRetriesAsync(DatasetFile file, Uri address, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        var state = new TransferState { KeepsEarlierBytes = File.Exists(partial) && new FileInfo(partial).Length > 0 };
        var failures = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            var previousFailure = failures.Count == 0 ? null : failures[^1];
            try
            {
                await TransferAsync(file, address, partial, attempt, previousFailure, state, progress, cancellationToken);
                return state.KeepsEarlierBytes;
            }
            catch (AttemptFailedException failure)
            {
                failures.Add(failure.Message);
                if (!failure.IsTransient || attempt >= Options.Attempts)
                {
                    throw new DatasetDownloadException(file.FileName, address.ToString(), FailureMessage(file, address, partial, failures, failure.IsTransient), failure.InnerException);
                }
            }

            // Back-off: min(RetryDelay * 2^(attempt - 1), MaximumRetryDelay).
            var delay = Options.RetryDelay.TotalSeconds * Math.Pow(2, attempt - 1);
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(delay, DownloadOptions.MaximumRetryDelay.TotalSeconds)), cancellationToken);
        }
    }

    private static string FailureMessage(DatasetFile file, Uri address, string partial, List<string> failures, bool transient)
    {
        var reasons = failures.Count == 1
            ? failures[0]
            : string.Join("; ", failures.Select((reason, index) => $"attempt {index + 1}: {reason}"));
        var attempts = failures.Count == 1 ? "" : $" after {failures.Count} attempts";
        var kept = File.Exists(partial)
            ? $" The partial download {partial} is kept, and the next fetch resumes it."
            : "";
        var fix = transient
            ? "Check the network connection and try again, or fetch from a mirror or a local folder that contains the file."
            : $"Check the address. A mirror must serve the file under its catalog name {file.FileName}.";
        return $"Download of {file.FileName} from {address} failed{attempts}: {reasons}.{kept} {fix}";
    }

    /// <summary>One HTTP request: resumes the partial file when it has content, otherwise writes it from the start.</summary>
    private async Task TransferAsync(
        DatasetFile file,
        Uri address,
        string partial,
        int attempt,
        string? previousFailure,
        TransferState state,
        IProgress<DownloadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        // Cancelled by the caller's token, or by the timer that every read restarts.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long received = 0;
        long? total = null;
        try
        {
            stall.CancelAfter(Options.Timeout);
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token);
            FileMode mode;
            long start;
            long? length;
            try
            {
                (mode, start, length) = ChooseWriteMode(response, existing, partial);
            }
            catch (AttemptFailedException)
            {
                state.KeepsEarlierBytes &= File.Exists(partial);
                throw;
            }

            state.KeepsEarlierBytes &= mode == FileMode.Append;
            received = start;
            total = length;

            await using var body = await response.Content.ReadAsStreamAsync(stall.Token);
            await using var output = new FileStream(partial, mode, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            progress?.Report(new DownloadProgress(file.FileName, received, total, attempt, previousFailure));

            var buffer = new byte[BufferSize];
            while (true)
            {
                stall.CancelAfter(Options.Timeout);
                var read = await body.ReadAsync(buffer, stall.Token);
                if (read == 0)
                {
                    break;
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                received += read;
                progress?.Report(new DownloadProgress(file.FileName, received, total, attempt, previousFailure));
            }
        }
        catch (OperationCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AttemptFailedException(
                $"timed out: no data for {FormatSeconds(Options.Timeout)} after {DescribeBytes(received, total)}", isTransient: true, error);
        }
        catch (HttpRequestException error)
        {
            throw new AttemptFailedException($"request failed after {DescribeBytes(received, total)}: {error.Message}", isTransient: true, error);
        }
        catch (IOException error) when (error is HttpIOException || error.InnerException is System.Net.Sockets.SocketException)
        {
            throw new AttemptFailedException($"connection closed after {DescribeBytes(received, total)}: {error.Message}", isTransient: true, error);
        }

        if (total is { } expected && received != expected)
        {
            throw new AttemptFailedException($"connection closed after {DescribeBytes(received, total)}", isTransient: true);
        }
    }

    /// <summary>
    /// Decides from the status code whether the body continues the partial file (206) or replaces
    /// it (200), and returns the file mode, the offset the body starts at and the whole file's size.
    /// </summary>
    private static (FileMode Mode, long Start, long? Total) ChooseWriteMode(HttpResponseMessage response, long existing, string partial)
    {
        var status = response.StatusCode;
        if (status == HttpStatusCode.PartialContent && existing > 0)
        {
            var range = response.Content.Headers.ContentRange;
            if (range?.From != existing)
            {
                File.Delete(partial);
                throw new AttemptFailedException(
                    $"the server responded to the request for bytes {existing}- with range {range?.ToString() ?? "(none)"}, so the partial file was deleted",
                    isTransient: true);
            }

            var total = range.Length ?? (response.Content.Headers.ContentLength + existing);
            return (FileMode.Append, existing, total);
        }

        if (status == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // The partial file is as long as the whole file or longer, and only a fresh download can tell which.
            File.Delete(partial);
            throw new AttemptFailedException($"the server rejected resuming at byte {existing} (416), so the partial file was deleted", isTransient: true);
        }

        if (status == HttpStatusCode.OK)
        {
            return (FileMode.Create, 0, response.Content.Headers.ContentLength);
        }

        var code = (int)status;
        var transient = code >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        throw new AttemptFailedException($"the server returned {code} {response.ReasonPhrase}", transient);
    }

    private static async Task CopyFromFolderAsync(DatasetFile file, string sourcePath, string partial, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(sourcePath))
        {
            throw new DatasetDownloadException(
                file.FileName,
                sourcePath,
                $"Copy of {file.FileName} failed: {sourcePath} not found. The source folder must hold the file under its catalog name {file.FileName}.");
        }

        await using var input = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        await using var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        var total = input.Length;
        long copied = 0;
        var buffer = new byte[BufferSize];
        progress?.Report(new DownloadProgress(file.FileName, copied, total));
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            copied += read;
            progress?.Report(new DownloadProgress(file.FileName, copied, total));
        }
    }

    private static async Task<string> Sha256OfAsync(string path, CancellationToken cancellationToken)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, BufferSize, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken));
    }

    private static async Task<bool> HasChecksumAsync(string path, DatasetFile file, CancellationToken cancellationToken) =>
        string.Equals(await Sha256OfAsync(path, cancellationToken), file.Sha256, StringComparison.Ordinal);

    private static async Task VerifyAndRenameAsync(DatasetFile file, string source, string partial, string target, CancellationToken cancellationToken)
    {
        var actual = await Sha256OfAsync(partial, cancellationToken);
        if (!string.Equals(actual, file.Sha256, StringComparison.Ordinal))
        {
            File.Delete(partial);
            throw new DatasetDownloadException(
                file.FileName,
                source,
                $"{file.FileName} from {source} failed its SHA-256 check: expected {file.Sha256}, actual {actual}. " +
                $"The download was deleted and {Path.GetDirectoryName(target)} is unchanged. " +
                "The source serves a different or damaged file; fetch it from the canonical address or another mirror.");
        }

        File.Move(partial, target, overwrite: true);
    }

    private static string DescribeBytes(long received, long? total) =>
        total is { } size
            ? string.Create(CultureInfo.InvariantCulture, $"{received:N0} of {size:N0} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{received:N0} bytes");

    private static string FormatSeconds(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###} s");

    /// <summary>What the attempts of one fetch did to the partial file that existed before it.</summary>
    private sealed class TransferState
    {
        /// <summary>True while every attempt appended to that partial file instead of replacing or deleting it.</summary>
        public bool KeepsEarlierBytes { get; set; }
    }

    /// <summary>One failed request. <see cref="IsTransient"/> is true when another attempt may succeed.</summary>
    private sealed class AttemptFailedException(string message, bool isTransient, Exception? innerException = null)
        : Exception(message, innerException)
    {
        public bool IsTransient { get; } = isTransient;
    }
}
