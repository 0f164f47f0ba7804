using System.Text.Json;

namespace Dagmm.Grid.Results;

public sealed partial class ResultStore
{
    /// <summary>The file in a sweep folder that keeps how often each unfinished run was dispatched.</summary>
    public const string AttemptsFileName = "attempts.json";

    /// <summary>
    /// Writes the dispatch count of each run as <c>attempts.json</c>, a JSON object from run key to
    /// attempt, so a coordinator that reactivates on another silo keeps counting toward maxAttempts.
    /// </summary>
    public Task WriteAttemptsAsync(string sweepName, IReadOnlyDictionary<string, int> attempts, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(attempts);
        return AtomicFile.WriteTextAsync(Path.Combine(SweepFolder(sweepName), AttemptsFileName), json, cancellationToken);
    }

    /// <summary>
    /// Returns the dispatch counts of <c>attempts.json</c>; empty when the file is missing, and empty
    /// with a logged warning when it cannot be read, because the counts only tighten a limit.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> ReadAttemptsAsync(string sweepName, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(SweepFolder(sweepName), AttemptsFileName);
        try
        {
            await using var stream = File.OpenRead(path);
            return await JsonSerializer.DeserializeAsync<Dictionary<string, int>>(stream, cancellationToken: cancellationToken)
                   ?? new Dictionary<string, int>();
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<string, int>();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            LogUnreadableFile(path, exception);
            return new Dictionary<string, int>();
        }
    }

    /// <summary>Removes <c>attempts.json</c> of <paramref name="sweepName"/>, if any, so a new submission counts from 0.</summary>
    public void ClearAttempts(string sweepName) => File.Delete(Path.Combine(SweepFolder(sweepName), AttemptsFileName));
}
