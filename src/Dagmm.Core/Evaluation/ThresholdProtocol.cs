namespace Dagmm.Core.Evaluation;

/// <summary>How the energy threshold that separates normal from anomalous samples is chosen.</summary>
public enum ThresholdProtocol
{
    /// <summary>The (1 - rho) quantile of the energies of training and test samples together, as DAGMM reproductions do.</summary>
    PooledRatio,

    /// <summary>The (1 - rho) quantile of the test energies.</summary>
    TestRatio,

    /// <summary>The (1 - rho) quantile of the training energies alone, so no test information reaches the threshold.</summary>
    TrainQuantile,

    /// <summary>Flags exactly as many test samples as there are true anomalies.</summary>
    OracleCount,
}

/// <summary>Names of <see cref="ThresholdProtocol"/> values as written in sweep files and results.</summary>
public static class ThresholdProtocols
{
    public static IReadOnlyList<ThresholdProtocol> All { get; } =
        [ThresholdProtocol.PooledRatio, ThresholdProtocol.TestRatio, ThresholdProtocol.TrainQuantile, ThresholdProtocol.OracleCount];

    public static string AcceptedNames => "pooled-ratio, test-ratio, train-quantile or oracle-count";

    public static string ToName(this ThresholdProtocol protocol) => protocol switch
    {
        ThresholdProtocol.PooledRatio => "pooled-ratio",
        ThresholdProtocol.TestRatio => "test-ratio",
        ThresholdProtocol.TrainQuantile => "train-quantile",
        ThresholdProtocol.OracleCount => "oracle-count",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, null),
    };

    public static bool TryParse(string? name, out ThresholdProtocol protocol)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                protocol = candidate;
                return true;
            }
        }

        protocol = default;
        return false;
    }
}
