namespace Dagmm.Core.Datasets;

/// <summary>
/// The four benchmark datasets of the DAGMM paper, and <see cref="Custom"/> for a user's table
/// described by a <see cref="CustomDatasetSpec"/>.
/// </summary>
public enum DatasetId
{
    Kddcup99,
    Kddcup99Rev,
    Thyroid,
    Arrhythmia,

    /// <summary>A user's table; <c>RunSettings.CustomDataset</c> names the file. Not in <see cref="DatasetIds.All"/>.</summary>
    Custom,
}

/// <summary>Command-line and file names of <see cref="DatasetId"/> values.</summary>
public static class DatasetIds
{
    public static IReadOnlyList<DatasetId> All { get; } =
        [DatasetId.Kddcup99, DatasetId.Kddcup99Rev, DatasetId.Thyroid, DatasetId.Arrhythmia];

    public static string AcceptedNames => "kddcup99, kddcup99-rev, thyroid or arrhythmia";

    /// <summary>Returns the lower-case name used in sweep files, run keys and Parquet columns.</summary>
    public static string ToName(this DatasetId id) => id switch
    {
        DatasetId.Kddcup99 => "kddcup99",
        DatasetId.Kddcup99Rev => "kddcup99-rev",
        DatasetId.Thyroid => "thyroid",
        DatasetId.Arrhythmia => "arrhythmia",
        DatasetId.Custom => "custom",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, null),
    };

    public static bool TryParse(string? name, out DatasetId id)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                id = candidate;
                return true;
            }
        }

        id = default;
        return false;
    }
}
