namespace Dagmm.Core.Datasets;

/// <summary>
/// A dataset file whose content does not parse. The message reads
/// "&lt;file&gt;: line L, column C: &lt;problem&gt;; &lt;fix&gt;".
/// </summary>
public sealed class DatasetFormatException : Exception
{
    public DatasetFormatException(string fileName, int lineNumber, int column, string problem, string fix)
        : base($"{fileName}: line {lineNumber}, column {column}: {problem}; {fix}")
    {
        FileName = fileName;
        LineNumber = lineNumber;
        Column = column;
    }

    public string FileName { get; }

    /// <summary>1-based line of the file.</summary>
    public int LineNumber { get; }

    /// <summary>1-based field of the line, counted before any column is dropped or one-hot encoded.</summary>
    public int Column { get; }
}
