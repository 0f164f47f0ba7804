using System.Globalization;
using System.Security.Cryptography;
using Dagmm.Core.Datasets;

namespace Dagmm.Grid.Client.Commands;

/// <summary>
/// grid-client datasets fetch: downloads the raw files of the named datasets (all when none is
/// named) into the data folder and verifies their SHA-256. A file already present with the right
/// checksum is kept; one with a wrong checksum is replaced, but only by a verified download.
/// </summary>
public static class DatasetsFetchCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments)
    {
        var parsed = CommandArguments.Parse("datasets fetch", arguments, ["--from", "--data", "--timeout", "--attempts"], []);
        var files = ReadFiles(parsed.Positionals);
        var dataDirectory = DataFolder.Resolve(parsed.Value("--data"));
        var source = ReadSource(parsed.Value("--from"));
        var options = ReadOptions(parsed);

        var failures = 0;
        using var downloader = new DatasetDownloader(options);
        foreach (var (file, datasets) in files)
        {
            var path = Path.Combine(dataDirectory, file.FileName);
            if (File.Exists(path) && await HasChecksumAsync(path, file))
            {
                await Console.Out.WriteLineAsync($"{file.FileName} ({datasets}): already in {dataDirectory}, SHA-256 matches");
                continue;
            }

            try
            {
                await DownloadDisplay.RunAsync(options.Attempts, progress => downloader.DownloadAsync(file, dataDirectory, source, progress));
                var size = new FileInfo(path).Length;
                await Console.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"{file.FileName} ({datasets}): fetched {size:N0} bytes from {source.Describe(file)} into {dataDirectory}, SHA-256 matches"));
            }
            catch (DatasetDownloadException error)
            {
                failures++;
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                failures++;
                await Console.Error.WriteLineAsync($"error: writing {file.FileName} into {dataDirectory} failed: {error.Message}; check that the folder is writable and has free space");
            }
        }

        return failures == 0 ? GridClient.ExitSuccess : GridClient.ExitRunsFailed;
    }

    /// <summary>Returns the distinct files behind the named datasets with the names that read each, in catalog order.</summary>
    private static List<(DatasetFile File, string Datasets)> ReadFiles(IReadOnlyList<string> names)
    {
        var requested = new List<DatasetId>();
        foreach (var name in names)
        {
            if (!DatasetIds.TryParse(name, out var id))
            {
                throw new UsageException($"datasets fetch: unknown dataset \"{name}\"; expected {DatasetIds.AcceptedNames}, or none for all");
            }

            requested.Add(id);
        }

        var chosen = requested.Count == 0 ? DatasetIds.All : requested;
        return DatasetIds.All
            .Where(chosen.Contains)
            .GroupBy(DatasetCatalog.FileOf)
            .Select(group => (group.Key, string.Join(", ", group.Select(id => id.ToName()))))
            .ToList();
    }

    internal static DatasetSource ReadSource(string? option)
    {
        try
        {
            return DatasetSource.Resolve(option);
        }
        catch (ArgumentException error)
        {
            var name = option is null ? "" : "--from: ";
            throw new UsageException(name + error.Message);
        }
    }

    private static DownloadOptions ReadOptions(CommandArguments parsed)
    {
        var options = new DownloadOptions();
        var seconds = parsed.Number("--timeout");
        if (seconds is { } value)
        {
            var maximum = DownloadOptions.MaximumTimeout.TotalSeconds;
            if (value <= 0 || value > maximum)
            {
                throw new UsageException(
                    $"--timeout: \"{value.ToString(CultureInfo.InvariantCulture)}\" is invalid; expected seconds above 0 and at most {maximum.ToString(CultureInfo.InvariantCulture)}, such as 60");
            }

            options = options with { Timeout = TimeSpan.FromSeconds(value) };
        }

        return options with { Attempts = parsed.Integer("--attempts", options.Attempts, 1) };
    }

    private static async Task<bool> HasChecksumAsync(string path, DatasetFile file)
    {
        await using var content = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(content));
        return string.Equals(actual, file.Sha256, StringComparison.Ordinal);
    }
}
