using System.IO.Compression;
using System.Text;
using Dagmm.Core.Datasets;
using Dagmm.Core.Tests.Support;

namespace Dagmm.Core.Tests.Datasets;

/// <summary>Lines of the real mirror files, for building malformed variants of them.</summary>
internal static class RawText
{
    public static string[] FirstLines(DatasetId id, int count)
    {
        var path = System.IO.Path.Combine(SharedData.Directory, DatasetCatalog.FileOf(id).FileName);
        using var file = File.OpenRead(path);
        using Stream text = path.EndsWith(".gz", StringComparison.Ordinal)
            ? new GZipStream(file, CompressionMode.Decompress)
            : file;
        using var reader = new StreamReader(text, Encoding.UTF8);
        var lines = new List<string>();
        while (lines.Count < count && reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

    /// <summary>Replaces the 1-based field <paramref name="column"/> of a comma-separated line.</summary>
    public static string ReplaceCommaField(string line, int column, string value)
    {
        var fields = line.Split(',');
        fields[column - 1] = value;
        return string.Join(',', fields);
    }

    /// <summary>Replaces the 1-based field <paramref name="column"/> of a space-separated line.</summary>
    public static string ReplaceSpaceField(string line, int column, string value)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        fields[column - 1] = value;
        return string.Join(' ', fields) + "  ";
    }

    public static MemoryStream ToStream(IEnumerable<string> lines) =>
        new(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
}
