using System.Collections.Concurrent;

namespace Dagmm.Core.Datasets;

/// <summary>
/// Loads each (dataset, data folder) pair once and hands every caller the same
/// <see cref="LabeledDataset"/>. Safe to call from several threads, and concurrent first calls
/// wait for one load. kddcup99-rev reuses the parsed kddcup99 rows. A failed load is not cached,
/// so a later call retries it.
/// </summary>
public sealed class DatasetCache
{
    private readonly ConcurrentDictionary<(DatasetId Id, string Folder), Lazy<LabeledDataset>> _entries = new();

    private readonly ConcurrentDictionary<string, Lazy<LabeledDataset>> _customEntries = new(StringComparer.Ordinal);

    /// <summary>
    /// Cache for the whole process. It keeps every dataset it loaded until the process ends, and
    /// the kddcup99 features take 494,021 * 118 * 4 bytes = 233 MB.
    /// </summary>
    public static DatasetCache Shared { get; } = new();

    /// <summary>Returns the dataset from <paramref name="dataDirectory"/>, loading it on the first call.</summary>
    /// <exception cref="DatasetFileException">The file is missing or fails its checksum.</exception>
    /// <exception cref="DatasetFormatException">The file does not parse.</exception>
    public LabeledDataset Get(DatasetId id, string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var key = (id, Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory)));
        var entry = _entries.GetOrAdd(
            key,
            static (key, cache) => new Lazy<LabeledDataset>(() => cache.Load(key.Id, key.Folder), LazyThreadSafetyMode.ExecutionAndPublication),
            this);

        try
        {
            return entry.Value;
        }
        catch
        {
            // Lazy caches the exception, so drop this entry to let a fixed file load on the next call.
            _entries.TryRemove(new KeyValuePair<(DatasetId, string), Lazy<LabeledDataset>>(key, entry));
            throw;
        }
    }

    /// <summary>
    /// Returns the user's table that <paramref name="spec"/> describes, loading it on the first call.
    /// Entries are keyed by the file's full path, its expected SHA-256 and every loading option.
    /// </summary>
    /// <exception cref="DatasetFileException">The file is missing or its SHA-256 differs from the spec's.</exception>
    /// <exception cref="DatasetFormatException">The file does not parse or does not fit the spec.</exception>
    public LabeledDataset Get(CustomDatasetSpec spec, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var key = spec.LoadingKey(spec.ResolvePath(dataDirectory));
        var entry = _customEntries.GetOrAdd(
            key,
            static (_, state) => new Lazy<LabeledDataset>(() => CustomDatasetLoader.Load(state.Spec, state.Folder), LazyThreadSafetyMode.ExecutionAndPublication),
            (Spec: spec, Folder: dataDirectory));

        try
        {
            return entry.Value;
        }
        catch
        {
            _customEntries.TryRemove(new KeyValuePair<string, Lazy<LabeledDataset>>(key, entry));
            throw;
        }
    }

    private LabeledDataset Load(DatasetId id, string folder) =>
        id == DatasetId.Kddcup99Rev
            ? DatasetLoader.ToReversedKdd(Get(DatasetId.Kddcup99, folder))
            : DatasetLoader.Load(id, folder);
}
