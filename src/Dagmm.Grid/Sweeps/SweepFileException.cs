namespace Dagmm.Grid.Sweeps;

/// <summary>
/// An invalid sweep file. The message contains one line per problem, each naming the file, the JSON path
/// (or the line and column of a syntax error) and the fix. <see cref="JsonPath"/> is the path of the
/// first problem.
/// </summary>
public sealed class SweepFileException : Exception
{
    public SweepFileException(string fileName, IReadOnlyList<SweepFileError> errors)
        : base(JoinMessages(errors))
    {
        FileName = fileName;
        Errors = errors;
        JsonPath = errors[0].JsonPath;
    }

    public SweepFileException(string fileName, string jsonPath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FileName = fileName;
        JsonPath = jsonPath;
        Errors = [new SweepFileError(jsonPath, message)];
    }

    /// <summary>The file name as the caller gave it.</summary>
    public string FileName { get; }

    /// <summary>The JSON path of the first problem, such as <c>$.mixtures[2]</c>; empty when it concerns the whole file.</summary>
    public string JsonPath { get; }

    /// <summary>Every problem found, in the order of the file.</summary>
    public IReadOnlyList<SweepFileError> Errors { get; }

    private static string JoinMessages(IReadOnlyList<SweepFileError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        return string.Join(Environment.NewLine, errors.Select(error => error.Message));
    }
}
