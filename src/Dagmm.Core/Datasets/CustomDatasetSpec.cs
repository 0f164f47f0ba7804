namespace Dagmm.Core.Datasets;

/// <summary>
/// A user's table (CSV, TSV or Parquet) used as a dataset, and how to turn it into features and
/// labels. The format is described in docs/datasets.md.
/// </summary>
public sealed record CustomDatasetSpec
{
    /// <summary>Name in run keys and results: lower-case letters, digits, '-' and '_', and not a benchmark id.</summary>
    public required string Name { get; init; }

    /// <summary>Path as written in the sweep file: relative to the data folder, or absolute.</summary>
    public required string Path { get; init; }

    /// <summary>Header of the label column.</summary>
    public required string Label { get; init; }

    /// <summary>Label values of the anomaly class, compared after trimming, case-sensitive. At least one.</summary>
    public required IReadOnlyList<string> AnomalyValues { get; init; }

    /// <summary>
    /// Label values of the normal class. Empty (the default) makes every other value normal;
    /// otherwise a value in neither list is an error.
    /// </summary>
    public IReadOnlyList<string> NormalValues { get; init; } = [];

    /// <summary>Columns one-hot encoded with the vocabulary of the whole file. Default none.</summary>
    public IReadOnlyList<string> Categorical { get; init; } = [];

    /// <summary>Columns left out of the features. Default none.</summary>
    public IReadOnlyList<string> Drop { get; init; } = [];

    /// <summary>Handling of missing and non-numeric cells in numeric columns. Default <see cref="MissingValuePolicy.Reject"/>.</summary>
    public MissingValuePolicy Impute { get; init; } = MissingValuePolicy.Reject;

    /// <summary>
    /// Lower-case hex SHA-256 of the file when the sweep was read. Loading checks it, so every run
    /// of a sweep sees the same content. Empty skips the check.
    /// </summary>
    public string Sha256 { get; init; } = "";

    /// <summary>True when <paramref name="other"/> reads the same file in the same way; lists compare by their items.</summary>
    public bool DescribesSameTable(CustomDatasetSpec other) =>
        Name == other.Name && Path == other.Path && Label == other.Label && Sha256 == other.Sha256 && Impute == other.Impute
        && AnomalyValues.SequenceEqual(other.AnomalyValues) && NormalValues.SequenceEqual(other.NormalValues)
        && Categorical.SequenceEqual(other.Categorical) && Drop.SequenceEqual(other.Drop);

    /// <summary>Returns the absolute path of the file: <see cref="Path"/> resolved against <paramref name="dataDirectory"/>.</summary>
    public string ResolvePath(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, Path));
    }

    /// <summary>True when the resolved path lies inside <paramref name="dataDirectory"/> or one of its subfolders.</summary>
    public bool IsInside(string dataDirectory)
    {
        var folder = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(dataDirectory)) + System.IO.Path.DirectorySeparatorChar;
        return ResolvePath(dataDirectory).StartsWith(folder, StringComparison.Ordinal);
    }

    /// <summary>Text that identifies the loading options, for cache keys.</summary>
    internal string LoadingKey(string fullPath) => string.Join(
        "\u001f",
        fullPath,
        Sha256,
        Label,
        string.Join("\u001e", AnomalyValues),
        string.Join("\u001e", NormalValues),
        string.Join("\u001e", Categorical),
        string.Join("\u001e", Drop),
        Impute.ToString());
}
