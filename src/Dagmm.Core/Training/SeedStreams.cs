namespace Dagmm.Core.Training;

/// <summary>
/// Derives independent seeds for the random streams of one run (initial weights, dropout masks,
/// batch order) from the run's seed, so that changing one stream never shifts another.
/// </summary>
public static class SeedStreams
{
    public const int Initialisation = 1;
    public const int Dropout = 2;
    public const int BatchOrder = 3;

    /// <summary>Returns a 63-bit seed for <paramref name="stream"/> by one SplitMix64 round of (seed, stream).</summary>
    public static long Derive(int seed, int stream)
    {
        unchecked
        {
            var state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL;
            state = (state ^ (state >> 30)) * 0xBF58476D1CE4E5B9UL;
            state = (state ^ (state >> 27)) * 0x94D049BB133111EBUL;
            state ^= state >> 31;
            return (long)(state >> 1);
        }
    }
}
