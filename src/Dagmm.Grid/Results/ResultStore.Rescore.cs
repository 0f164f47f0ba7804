using Dagmm.Core.Evaluation;
using Dagmm.Core.Training;

namespace Dagmm.Grid.Results;

public sealed partial class ResultStore
{
    /// <summary>
    /// Recomputes the metrics of every succeeded run from its stored energies under <paramref name="protocol"/>
    /// and writes their summary, failed and cancelled runs included, as <c>summary-&lt;protocol&gt;.parquet</c>.
    /// The training energies are the score rows with split "train", and rho is the run's anomaly_ratio.
    /// The run files stay unchanged. A succeeded run whose scores are missing or cannot be evaluated
    /// is left out with a logged warning.
    /// </summary>
    public async Task<IReadOnlyList<SummaryRecord>> RescoreAsync(string sweepName, ThresholdProtocol protocol, CancellationToken cancellationToken = default)
    {
        var protocolName = protocol.ToName();
        var succeeded = RunRecord.StatusName(RunStatus.Succeeded);
        var rescored = new List<RunRecord>();
        foreach (var run in await ReadRunsAsync(sweepName, cancellationToken))
        {
            if (run.Status != succeeded)
            {
                rescored.Add(run with { Threshold = protocolName });
                continue;
            }

            var metrics = await EvaluateStoredScoresAsync(sweepName, run, protocol, cancellationToken);
            if (metrics is not null)
            {
                rescored.Add(run.WithMetrics(metrics));
            }
        }

        var summary = Summarize(rescored);
        var path = Path.Combine(SweepFolder(sweepName), $"summary-{protocolName}.parquet");
        await WriteParquetAsync(path, summary, cancellationToken);
        return summary;
    }

    private async Task<DetectionMetrics?> EvaluateStoredScoresAsync(
        string sweepName,
        RunRecord run,
        ThresholdProtocol protocol,
        CancellationToken cancellationToken)
    {
        var scores = await ReadScoresAsync(sweepName, run.RunKey, cancellationToken);
        if (scores.Count == 0)
        {
            LogRescoreSkipped(run.RunKey, "no stored scores");
            return null;
        }

        var trainEnergies = scores.Where(score => score.Split == ScoreRecord.TrainSplit).Select(score => score.Energy).ToArray();
        var test = scores.Where(score => score.Split == ScoreRecord.TestSplit).ToList();
        var testEnergies = test.Select(score => score.Energy).ToArray();
        var testIsAnomaly = test.Select(score => score.Label == 1).ToArray();
        try
        {
            return AnomalyEvaluator.Evaluate(trainEnergies, testEnergies, testIsAnomaly, protocol, run.AnomalyRatio);
        }
        catch (ArgumentException exception)
        {
            // The evaluator rejects non-finite energies, an empty split and a test split with one class.
            LogRescoreSkipped(run.RunKey, exception.Message);
            return null;
        }
    }
}
