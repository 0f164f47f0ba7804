namespace Dagmm.Core.Datasets;

/// <summary>
/// Outcome of <see cref="DatasetVerifier"/> for one catalog file: whether it is present, its
/// actual SHA-256, and the parse error when its content does not parse.
/// </summary>
/// <param name="File">The catalog entry that was checked.</param>
/// <param name="Datasets">Datasets that read this file, such as kddcup99 and kddcup99-rev.</param>
/// <param name="FilePath">Full path where the file was looked for.</param>
/// <param name="Exists">Whether <paramref name="FilePath"/> exists.</param>
/// <param name="ActualSha256">Lower-case hexadecimal SHA-256 of the content, or null when the file is missing.</param>
/// <param name="ParseError">Message of the parse failure, or null when the file parses or is missing.</param>
public sealed record DatasetFileCheck(
    DatasetFile File,
    IReadOnlyList<DatasetId> Datasets,
    string FilePath,
    bool Exists,
    string? ActualSha256,
    string? ParseError)
{
    public bool ChecksumMatches => string.Equals(ActualSha256, File.Sha256, StringComparison.Ordinal);

    public bool Passed => Exists && ChecksumMatches && ParseError is null;

    /// <summary>One sentence per failed check, each naming the file; empty when the file passed.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (!Exists)
        {
            return [$"{FilePath}: missing; download it with grid-client datasets fetch {Datasets[0].ToName()}"];
        }

        var problems = new List<string>();
        if (!ChecksumMatches)
        {
            problems.Add($"{FilePath}: SHA-256 mismatch: expected {File.Sha256}, actual {ActualSha256}; delete it and fetch it again");
        }

        if (ParseError is not null)
        {
            problems.Add($"{FilePath}: does not parse: {ParseError}");
        }

        return problems;
    }
}
