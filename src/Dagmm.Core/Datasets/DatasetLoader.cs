using System.IO.Compression;
using System.Security.Cryptography;

namespace Dagmm.Core.Datasets;

/// <summary>Reads the raw UCI files into <see cref="LabeledDataset"/>s.</summary>
public static class DatasetLoader
{
    /// <summary>
    /// Attack rows that a kddcup99-rev run draws as anomalies, so that they are 20% of the
    /// 97,278 + 24,319 = 121,597 rows it uses.
    /// </summary>
    public const int ReversedKddAnomalySampleCount = 24_319;

    /// <summary>
    /// Reads the dataset's file from <paramref name="dataDirectory"/>, checks its SHA-256 against
    /// <see cref="DatasetCatalog"/> and parses it.
    /// </summary>
    /// <exception cref="DatasetFileException">The file is missing or fails its checksum.</exception>
    /// <exception cref="DatasetFormatException">The file does not parse.</exception>
    public static LabeledDataset Load(DatasetId id, string dataDirectory)
    {
        var file = DatasetCatalog.FileOf(id);
        var content = ReadVerified(file, id, dataDirectory);
        using var stream = new MemoryStream(content, writable: false);
        return Parse(id, stream, file.FileName);
    }

    /// <summary>
    /// Parses the content of the dataset's file without a checksum. kddcup99 content may be
    /// gzip-compressed or plain text, and the gzip header decides which.
    /// </summary>
    /// <remarks>
    /// NOTE: GZipStream ends quietly at a truncated archive, so content cut exactly at a line
    /// break parses as fewer rows. Only the checksum in <see cref="Load"/> catches that.
    /// </remarks>
    /// <param name="fileName">Name used in error messages.</param>
    /// <exception cref="DatasetFormatException">The content does not parse.</exception>
    public static LabeledDataset Parse(DatasetId id, Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        var cells = new CellParser(fileName, DatasetCatalog.FileOf(id));
        switch (id)
        {
            case DatasetId.Kddcup99:
            case DatasetId.Kddcup99Rev:
                var text = OpenKddText(content);
                try
                {
                    var kddcup99 = KddCupFormat.Read(text, cells);
                    return id == DatasetId.Kddcup99 ? kddcup99 : Reverse(kddcup99, cells);
                }
                finally
                {
                    if (!ReferenceEquals(text, content))
                    {
                        text.Dispose();
                    }
                }

            case DatasetId.Thyroid:
                return ThyroidFormat.Read(content, cells);
            case DatasetId.Arrhythmia:
                return ArrhythmiaFormat.Read(content, cells);
            default:
                throw new ArgumentOutOfRangeException(nameof(id), id, $"Unknown dataset; expected {DatasetIds.AcceptedNames}.");
        }
    }

    /// <summary>
    /// Turns parsed kddcup99 rows into kddcup99-rev, sharing the feature array: "normal." rows
    /// become the normal class and the attack rows anomalies, of which a run draws 24,319.
    /// </summary>
    internal static LabeledDataset ToReversedKdd(LabeledDataset kddcup99)
    {
        if (kddcup99.Id != DatasetId.Kddcup99)
        {
            throw new ArgumentException($"Expected kddcup99 rows, got {kddcup99.Id.ToName()}.", nameof(kddcup99));
        }

        var isAttack = Array.ConvertAll(kddcup99.IsAnomaly, isNormalTraffic => !isNormalTraffic);
        return new LabeledDataset(
            DatasetId.Kddcup99Rev,
            kddcup99.FeatureCount,
            kddcup99.Features,
            isAttack,
            kddcup99.FeatureNames,
            ReversedKddAnomalySampleCount);
    }

    private static LabeledDataset Reverse(LabeledDataset kddcup99, CellParser cells)
    {
        var attacks = kddcup99.IsAnomaly.Count(isNormalTraffic => !isNormalTraffic);
        if (attacks < ReversedKddAnomalySampleCount)
        {
            throw cells.Error(
                1,
                KddCupFormat.FieldCount,
                $"the file has {attacks} attack rows but kddcup99-rev draws {ReversedKddAnomalySampleCount} of them");
        }

        return ToReversedKdd(kddcup99);
    }

    private static byte[] ReadVerified(DatasetFile file, DatasetId id, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var folder = Path.GetFullPath(dataDirectory);
        var path = Path.Combine(folder, file.FileName);
        if (!File.Exists(path))
        {
            throw new DatasetFileException(
                path,
                $"Dataset file {path} for {id.ToName()} not found. {DataFolder.DescribeMissingFile(folder)}. Download it from {file.Address} into that folder, " +
                $"or set the data folder (option or {DataFolder.EnvironmentVariable}) to a folder that contains {file.FileName}.");
        }

        var content = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(content));
        if (!string.Equals(actual, file.Sha256, StringComparison.Ordinal))
        {
            throw new DatasetFileException(
                path,
                $"Dataset file {path} failed its SHA-256 check: expected {file.Sha256}, actual {actual}. " +
                $"The file is damaged or not the UCI original; delete it and download it again from {file.Address}.");
        }

        return content;
    }

    private static Stream OpenKddText(Stream content)
    {
        var seekable = content.CanSeek ? content : CopyToMemory(content);
        var start = seekable.Position;
        Span<byte> header = stackalloc byte[2];
        var read = seekable.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        seekable.Position = start;

        var isGzip = read == 2 && header[0] == 0x1f && header[1] == 0x8b;
        if (!isGzip)
        {
            return seekable;
        }

        return new GZipStream(seekable, CompressionMode.Decompress, leaveOpen: ReferenceEquals(seekable, content));
    }

    private static MemoryStream CopyToMemory(Stream content)
    {
        var copy = new MemoryStream();
        content.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }
}
