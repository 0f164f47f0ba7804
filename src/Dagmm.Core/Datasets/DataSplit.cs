namespace Dagmm.Core.Datasets;

/// <summary>
/// Train and test rows of one seed. A random half of the normal-class rows trains, and the test
/// set is the other normal half plus every anomaly row, or, when the dataset sets
/// <see cref="LabeledDataset.AnomalySampleCount"/>, that many anomaly rows drawn at random.
/// </summary>
public sealed class DataSplit
{
    private DataSplit(int seed, int[] trainRows, int[] testRows)
    {
        Seed = seed;
        TrainRows = trainRows;
        TestRows = testRows;
    }

    public int Seed { get; }

    /// <summary>Dataset row indices of the training set, sorted ascending. All are of the normal class.</summary>
    public int[] TrainRows { get; }

    /// <summary>Dataset row indices of the test set, sorted ascending.</summary>
    public int[] TestRows { get; }

    /// <summary>
    /// Splits the rows for <paramref name="seed"/>. The normal rows, in ascending order, are
    /// shuffled by Fisher-Yates with <c>new Random(seed)</c>, and the first floor(n / 2) train.
    /// Anomaly rows are drawn with a second generator whose seed is derived from
    /// <paramref name="seed"/>, so the draw does not depend on how many normal rows there are.
    /// The same data and seed give the same split.
    /// </summary>
    public static DataSplit Create(LabeledDataset data, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        var normalRows = RowsWhere(data.IsAnomaly, anomaly: false);
        var anomalyRows = RowsWhere(data.IsAnomaly, anomaly: true);

        Shuffle(normalRows, new Random(seed), count: normalRows.Length);
        var trainCount = normalRows.Length / 2;
        var trainRows = normalRows[..trainCount];

        var anomalyCount = data.AnomalySampleCount ?? anomalyRows.Length;
        if (anomalyCount < anomalyRows.Length)
        {
            Shuffle(anomalyRows, new Random(AnomalySampleSeed(seed)), count: anomalyCount);
        }

        int[] testRows = [.. normalRows[trainCount..], .. anomalyRows[..anomalyCount]];
        Array.Sort(trainRows);
        Array.Sort(testRows);
        return new DataSplit(seed, trainRows, testRows);
    }

    // SplitMix64 finalizer of seed + 0x9E3779B97F4A7C15, truncated to 32 bits.
    internal static int AnomalySampleSeed(int seed)
    {
        var mixed = unchecked((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        mixed = unchecked((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9UL);
        mixed = unchecked((mixed ^ (mixed >> 27)) * 0x94D049BB133111EBUL);
        mixed ^= mixed >> 31;
        return unchecked((int)mixed);
    }

    /// <summary>
    /// Places a uniform random selection of <paramref name="count"/> elements in the first
    /// <paramref name="count"/> positions: Fisher-Yates, swapping position i with a random j in [i, n).
    /// </summary>
    private static void Shuffle(int[] rows, Random random, int count)
    {
        for (var i = 0; i < count && i < rows.Length - 1; i++)
        {
            var j = random.Next(i, rows.Length);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
    }

    private static int[] RowsWhere(bool[] isAnomaly, bool anomaly)
    {
        var rows = new List<int>(isAnomaly.Length);
        for (var row = 0; row < isAnomaly.Length; row++)
        {
            if (isAnomaly[row] == anomaly)
            {
                rows.Add(row);
            }
        }

        return [.. rows];
    }
}
