using System.Security.Cryptography;

namespace Dagmm.Core.Datasets;

/// <summary>Checks the catalog files in a data folder: presence, SHA-256 and parse.</summary>
public static class DatasetVerifier
{
    /// <summary>
    /// Checks every file of <see cref="DatasetCatalog"/> in <paramref name="dataDirectory"/>, one
    /// result per file in the order of <see cref="DatasetIds.All"/>. A file is parsed even when its
    /// checksum fails, so the result also shows whether the content is readable.
    /// </summary>
    public static IReadOnlyList<DatasetFileCheck> VerifyAll(string dataDirectory)
    {
        var checks = new List<DatasetFileCheck>();
        foreach (var group in DatasetIds.All.GroupBy(DatasetCatalog.FileOf))
        {
            checks.Add(Verify(group.Key, [.. group], dataDirectory));
        }

        return checks;
    }

    /// <summary>Checks the file of <paramref name="id"/> in <paramref name="dataDirectory"/>.</summary>
    public static DatasetFileCheck Verify(DatasetId id, string dataDirectory)
    {
        var file = DatasetCatalog.FileOf(id);
        return Verify(file, [.. DatasetIds.All.Where(candidate => DatasetCatalog.FileOf(candidate) == file)], dataDirectory);
    }

    private static DatasetFileCheck Verify(DatasetFile file, IReadOnlyList<DatasetId> datasets, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), file.FileName);
        if (!File.Exists(path))
        {
            return new DatasetFileCheck(file, datasets, path, Exists: false, ActualSha256: null, ParseError: null);
        }

        var content = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        string? parseError = null;
        try
        {
            // The last dataset of a shared file adds its own checks: kddcup99-rev parses kddcup99
            // and then needs enough attack rows to draw its anomalies.
            using var stream = new MemoryStream(content, writable: false);
            DatasetLoader.Parse(datasets[^1], stream, file.FileName);
        }
        catch (DatasetFormatException error)
        {
            parseError = error.Message;
        }

        return new DatasetFileCheck(file, datasets, path, Exists: true, actual, parseError);
    }
}
