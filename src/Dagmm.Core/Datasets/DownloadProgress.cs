namespace Dagmm.Core.Datasets;

/// <summary>
/// Progress of one dataset download.
/// </summary>
/// <param name="FileName">Catalog name of the file, such as ann-train.data.</param>
/// <param name="BytesReceived">Bytes of the file held so far. A resumed download counts the bytes it already had.</param>
/// <param name="TotalBytes">Size of the whole file in bytes, or null when the source does not state it.</param>
/// <param name="Attempt">1-based attempt that is running.</param>
/// <param name="PreviousFailure">Why the previous attempt failed, or null on the first attempt.</param>
public readonly record struct DownloadProgress(
    string FileName,
    long BytesReceived,
    long? TotalBytes,
    int Attempt = 1,
    string? PreviousFailure = null);
