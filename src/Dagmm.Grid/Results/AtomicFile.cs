namespace Dagmm.Grid.Results;

/// <summary>
/// Writes a file so that readers see either the old content or the complete new content: the data
/// goes to a hidden temporary file in the same folder, is flushed to disk, and is then renamed over
/// the target. Temporary names start with '.' and end with <see cref="TemporarySuffix"/>.
/// </summary>
internal static class AtomicFile
{
    public const string TemporarySuffix = ".tmp";

    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, TemporaryName(Path.GetFileName(path)));
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, useAsync: true))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces the target atomically on POSIX file systems; on Windows File.Move uses
            // MoveFileEx with MOVEFILE_REPLACE_EXISTING.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public static Task WriteTextAsync(string path, string text, CancellationToken cancellationToken) =>
        WriteAsync(path, async (stream, token) =>
        {
            await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
            await writer.WriteAsync(text.AsMemory(), token);
        }, cancellationToken);

    /// <summary>
    /// Returns a fresh temporary name for a file named <paramref name="name"/>. Linux and macOS
    /// limit a name to 255 bytes, and the temporary name is 38 characters longer. A long name is
    /// therefore cut to fit, and the rename gives the file its full name.
    /// </summary>
    internal static string TemporaryName(string name)
    {
        const int maximumNameBytes = 255;
        var unique = $".{Guid.NewGuid():N}{TemporarySuffix}";
        var shortened = name;
        while (shortened.Length > 0 && 1 + System.Text.Encoding.UTF8.GetByteCount(shortened) + unique.Length > maximumNameBytes)
        {
            // Drop a whole surrogate pair at once, so the name stays valid UTF-16.
            shortened = shortened[..^(shortened.Length > 1 && char.IsLowSurrogate(shortened[^1]) ? 2 : 1)];
        }

        return $".{shortened}{unique}";
    }

    public static bool IsTemporary(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith('.') && name.EndsWith(TemporarySuffix, StringComparison.Ordinal);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover temporary file is ignored by every reader.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
