using Dagmm.Core.Evaluation;
using Dagmm.Grid.CommandLine;
using Dagmm.Grid.Results;

namespace Dagmm.Grid.Client.Commands;

/// <summary>The --threshold option of train, submit and results, and the --anomaly-ratio that goes with it when rescoring.</summary>
internal static class ThresholdOption
{
    public const string Name = "--threshold";

    public const string AnomalyRatioName = "--anomaly-ratio";

    /// <summary>Returns the protocol that --threshold names, null when the option is absent; throws a <see cref="UsageException"/> for an unknown name.</summary>
    public static ThresholdProtocol? Parse(CommandArguments parsed)
    {
        if (parsed.Value(Name) is not { } protocolName)
        {
            return null;
        }

        return ThresholdProtocols.TryParse(protocolName, out var protocol)
            ? protocol
            : throw new UsageException($"{Name}: unknown protocol \"{protocolName}\"; expected {ThresholdProtocols.AcceptedNames}");
    }

    /// <summary>
    /// Returns what submit and results rescore under: the protocol of --threshold and the rho of
    /// --anomaly-ratio, or null without --threshold. Throws a <see cref="UsageException"/> for an
    /// unknown protocol, a ratio outside (0, 1), --anomaly-ratio without --threshold, or
    /// --anomaly-ratio with oracle-count.
    /// </summary>
    public static RescoreRequest? ParseRescore(CommandArguments parsed)
    {
        var protocol = Parse(parsed);
        var anomalyRatio = parsed.Number(AnomalyRatioName);
        if (protocol is null)
        {
            return anomalyRatio is null
                ? null
                : throw new UsageException($"{AnomalyRatioName}: applies only when rescoring; add {Name} PROTOCOL, such as {Name} pooled-ratio {AnomalyRatioName} 0.2");
        }

        if (anomalyRatio is { } rho && !(rho > 0 && rho < 1))
        {
            throw new UsageException(
                $"{AnomalyRatioName}: {parsed.Value(AnomalyRatioName)} is outside (0, 1); give the expected share of anomalies, such as 0.2 for the 80th percentile");
        }

        if (anomalyRatio is not null && protocol == ThresholdProtocol.OracleCount)
        {
            throw new UsageException(
                $"{AnomalyRatioName}: oracle-count flags as many test samples as there are anomalies and uses no anomaly ratio; drop {AnomalyRatioName}, or pick pooled-ratio, test-ratio or train-quantile");
        }

        return new RescoreRequest(protocol.Value, anomalyRatio);
    }
}
