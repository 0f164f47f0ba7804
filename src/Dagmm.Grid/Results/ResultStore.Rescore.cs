using Dagmm.Core.Evaluation;
using Dagmm.Core.Training;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Results;

public sealed partial class ResultStore
{
    /// <summary>
    /// Recomputes the metrics of every succeeded run from its stored energies under <paramref name="request"/>
    /// and writes their summary, failed and cancelled runs included, as <c>summary-&lt;request name&gt;.parquet</c>.
    /// The run files stay unchanged. See <see cref="RescoreRunsAsync"/> for what is left out.
    /// </summary>
    public async Task<IReadOnlyList<SummaryRecord>> RescoreAsync(string sweepName, RescoreRequest request, CancellationToken cancellationToken = default)
    {
        var rescored = await RescoreAndSaveAsync(sweepName, request, cancellationToken);
        return Summarize(rescored.Runs);
    }

    /// <summary>
    /// Rescores the sweep as <see cref="RescoreRunsAsync"/> does and writes the summary as
    /// <c>summary-&lt;request name&gt;.parquet</c>. The file is not written when a run was left out,
    /// so a partial summary never replaces a complete one, nor when the folder rejects the write.
    /// The two cases are stated in <see cref="RescoredRuns.SummaryNotWritten"/> and
    /// <see cref="RescoredRuns.SummaryWriteError"/> instead of thrown, because the rescored runs are
    /// still worth showing.
    /// </summary>
    public async Task<RescoredRuns> RescoreAndSaveAsync(string sweepName, RescoreRequest request, CancellationToken cancellationToken = default)
    {
        var rescored = await RescoreRunsAsync(sweepName, request, cancellationToken);
        var fileName = RescoredSummaryFileName(request);
        if (rescored.Skipped.Count > 0)
        {
            return rescored with
            {
                SummaryNotWritten = rescored.Skipped.Count == 1
                    ? $"{fileName} was not written because 1 succeeded run could not be rescored; any earlier {fileName} is unchanged"
                    : $"{fileName} was not written because {rescored.Skipped.Count} succeeded runs could not be rescored; any earlier {fileName} is unchanged",
            };
        }

        var path = Path.Combine(SweepFolder(sweepName), fileName);
        try
        {
            await WriteParquetAsync(path, Summarize(rescored.Runs), cancellationToken);
            return rescored;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogRescoredSummaryNotWritten(exception, path);
            return rescored with { SummaryWriteError = $"cannot write {path} ({exception.Message}); the rescored summary was not saved" };
        }
    }

    /// <summary>The file name of a rescored summary, such as summary-test-ratio.parquet or summary-pooled-ratio-rho0.2.parquet.</summary>
    public static string RescoredSummaryFileName(RescoreRequest request) => $"summary-{request.Name}{ParquetExtension}";

    /// <summary>
    /// Returns every run record of the sweep with its metrics recomputed from the stored energies
    /// under <paramref name="request"/>, without retraining. The training energies are the score
    /// rows with split "train", and rho is the request's anomaly ratio, else the run's anomaly_ratio.
    /// Every returned record carries the protocol's name and the rho used. Failed and cancelled runs
    /// keep their status. A succeeded run whose scores are missing or cannot be evaluated is left out,
    /// logged, and named in <see cref="RescoredRuns.Skipped"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The request's anomaly ratio is not strictly between 0 and 1.</exception>
    public async Task<RescoredRuns> RescoreRunsAsync(string sweepName, RescoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var protocolName = request.Protocol.ToName();
        var succeeded = RunRecord.StatusName(RunStatus.Succeeded);
        var rescored = new List<RunRecord>();
        var skipped = new List<string>();
        foreach (var stored in await ReadRunsAsync(sweepName, cancellationToken))
        {
            var run = stored with { AnomalyRatio = request.AnomalyRatio ?? stored.AnomalyRatio };
            if (run.Status != succeeded)
            {
                rescored.Add(run with { Threshold = protocolName });
                continue;
            }

            var (metrics, reason) = await EvaluateStoredScoresAsync(sweepName, run, request.Protocol, cancellationToken);
            if (metrics is not null)
            {
                rescored.Add(run.WithMetrics(metrics));
            }
            else
            {
                LogRescoreSkipped(run.RunKey, reason);
                skipped.Add($"{run.RunKey}: {reason}");
            }
        }

        return new RescoredRuns(request, rescored, skipped);
    }

    private async Task<(DetectionMetrics? Metrics, string Reason)> EvaluateStoredScoresAsync(
        string sweepName,
        RunRecord run,
        ThresholdProtocol protocol,
        CancellationToken cancellationToken)
    {
        var fileName = $"{ScoresFolderName}/{RunKeys.FileName(run.RunKey)}{ParquetExtension}";
        var path = Path.Combine(SweepFolder(sweepName), fileName);
        if (!File.Exists(path))
        {
            return (null, $"no stored scores, because {fileName} is missing");
        }

        IReadOnlyList<ScoreRecord> scores;
        try
        {
            scores = await ReadParquetAsync<ScoreRecord>(path, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Parquet.Net reports a truncated or foreign file with several exception types.
            return (null, $"{fileName} is unreadable ({exception.GetType().Name}: {exception.Message})");
        }

        var trainEnergies = scores.Where(score => score.Split == ScoreRecord.TrainSplit).Select(score => score.Energy).ToArray();
        var test = scores.Where(score => score.Split == ScoreRecord.TestSplit).ToList();
        if (trainEnergies.Length == 0 || test.Count == 0)
        {
            return (null, $"{fileName} has {trainEnergies.Length} train and {test.Count} test rows, and both splits are needed; it is not a scores file of this run");
        }

        var testEnergies = test.Select(score => score.Energy).ToArray();
        var testIsAnomaly = test.Select(score => score.Label == 1).ToArray();
        try
        {
            return (AnomalyEvaluator.Evaluate(trainEnergies, testEnergies, testIsAnomaly, protocol, run.AnomalyRatio), "");
        }
        catch (ArgumentException exception)
        {
            // The evaluator rejects non-finite energies, an empty split and a test split with one class.
            return (null, exception.Message);
        }
    }
}
