namespace Dagmm.Core.Datasets;

/// <summary>
/// A dataset file that could not be downloaded or copied into the data folder: the source is
/// unreachable, timed out, lacks the file, or serves bytes that fail the SHA-256 check. The data
/// folder contains no file under <see cref="FileName"/> from the failed download.
/// </summary>
public sealed class DatasetDownloadException : Exception
{
    public DatasetDownloadException(string fileName, string sourceAddress, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FileName = fileName;
        SourceAddress = sourceAddress;
    }

    /// <summary>Name of the file in the data folder, such as ann-train.data.</summary>
    public string FileName { get; }

    /// <summary>URL or local path the file was requested from.</summary>
    public string SourceAddress { get; }
}
