using System.Globalization;
using Dagmm.Core.Evaluation;

namespace Dagmm.Grid.Results;

/// <summary>
/// How to rescore a sweep: a threshold protocol, and optionally one anomaly ratio rho for every run
/// in place of each run's own anomaly_ratio.
/// </summary>
public sealed record RescoreRequest(ThresholdProtocol Protocol, double? AnomalyRatio = null)
{
    /// <summary>Names the request in file names and messages: "test-ratio", or "pooled-ratio-rho0.2" with a rho override.</summary>
    public string Name => AnomalyRatio is { } rho
        ? string.Create(CultureInfo.InvariantCulture, $"{Protocol.ToName()}-rho{rho:R}")
        : Protocol.ToName();

    /// <summary>Describes the request for people: "pooled-ratio", or "pooled-ratio with rho 0.2 for every run".</summary>
    public string Description => AnomalyRatio is { } rho
        ? string.Create(CultureInfo.InvariantCulture, $"{Protocol.ToName()} with rho {rho:R} for every run")
        : Protocol.ToName();

    /// <summary>
    /// Throws <see cref="ArgumentOutOfRangeException"/> unless the rho override, when given, lies
    /// strictly between 0 and 1, and <see cref="ArgumentException"/> when it comes with oracle-count,
    /// which does not use rho.
    /// </summary>
    public void Validate()
    {
        if (AnomalyRatio is not { } rho)
        {
            return;
        }

        if (!(rho > 0 && rho < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(AnomalyRatio), rho, string.Create(CultureInfo.InvariantCulture, $"the anomaly ratio must lie strictly between 0 and 1, found {rho:R}"));
        }

        if (Protocol == ThresholdProtocol.OracleCount)
        {
            throw new ArgumentException("oracle-count flags as many test samples as there are anomalies and does not use an anomaly ratio", nameof(AnomalyRatio));
        }
    }
}

/// <summary>
/// A sweep's run records with metrics recomputed under <see cref="Request"/>, and the succeeded
/// runs that could not be recomputed, each as "run key: reason".
/// </summary>
public sealed record RescoredRuns(RescoreRequest Request, IReadOnlyList<RunRecord> Runs, IReadOnlyList<string> Skipped)
{
    /// <summary>Why the rescored summary file was left unwritten on purpose (runs were left out), or null.</summary>
    public string? SummaryNotWritten { get; init; }

    /// <summary>Why writing the rescored summary file failed (such as a read-only folder), or null.</summary>
    public string? SummaryWriteError { get; init; }
}
