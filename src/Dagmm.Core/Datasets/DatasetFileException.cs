namespace Dagmm.Core.Datasets;

/// <summary>A dataset file that is missing or fails its SHA-256 check.</summary>
public sealed class DatasetFileException : Exception
{
    public DatasetFileException(string filePath, string message)
        : base(message)
    {
        FilePath = filePath;
    }

    /// <summary>Full path of the file that was expected or checked.</summary>
    public string FilePath { get; }
}
