namespace Dagmm.Core.Evaluation;

/// <summary>
/// Turns the energies of one run into detection metrics. Higher energy means more anomalous, and
/// a test sample is flagged when its energy is strictly greater than the threshold, except under
/// <see cref="ThresholdProtocol.OracleCount"/> (see <see cref="Evaluate"/>).
/// </summary>
/// <remarks>
/// Every method rejects non-finite energies (NaN, positive or negative infinity) with an
/// <see cref="ArgumentException"/>, because a non-finite energy means the run diverged and its
/// metrics would look valid while meaning nothing.
/// </remarks>
public static class AnomalyEvaluator
{
    /// <summary>
    /// Evaluates one run: picks the threshold by <paramref name="protocol"/>, counts the confusion
    /// table on the test split, and adds AUROC and AUPRC over the test energies. The test energies
    /// are sorted once, and pooled-ratio sorts the pooled energies once more, so the cost is O(n log n).
    /// </summary>
    /// <param name="trainEnergies">Energies of the training samples. Only pooled-ratio and train-quantile use them, but every protocol checks that they are finite. May be empty except under train-quantile.</param>
    /// <param name="testEnergies">Energies of the test samples. Must not be empty.</param>
    /// <param name="testIsAnomaly">True for each test sample whose true label is anomaly, one entry per value of <paramref name="testEnergies"/>. Both classes must occur, because AUROC and AUPRC are undefined otherwise.</param>
    /// <param name="protocol">How the threshold is chosen, as listed in <see cref="Threshold"/>.</param>
    /// <param name="anomalyRatio">The expected fraction of anomalies rho, strictly between 0 and 1. Oracle-count ignores it but still checks its range.</param>
    /// <returns>
    /// The metrics at the threshold. Under oracle-count the flagged set is the m highest test
    /// energies (m = number of true anomalies), so the reported threshold, the m-th highest energy,
    /// is itself flagged. Samples tied with it are flagged in ascending position until m are flagged.
    /// </returns>
    /// <exception cref="ArgumentException">An input is empty, lengths differ, an energy is non-finite, rho is outside (0, 1), or the test split lacks one of the classes.</exception>
    public static DetectionMetrics Evaluate(ReadOnlySpan<double> trainEnergies, ReadOnlySpan<double> testEnergies,
        ReadOnlySpan<bool> testIsAnomaly, ThresholdProtocol protocol, double anomalyRatio)
    {
        ValidateSplit(trainEnergies, testEnergies, testIsAnomaly, protocol, anomalyRatio);
        var ranked = RankedScores.Sort(testEnergies, testIsAnomaly);
        RequireBothClasses(ranked, nameof(testIsAnomaly));

        var threshold = ThresholdOfValidated(trainEnergies, ranked, protocol, anomalyRatio);

        // Ratio protocols flag strictly above the threshold. Oracle-count also flags some samples
        // equal to it, as many as it takes to reach exactly m.
        var flaggedAtThreshold = protocol == ThresholdProtocol.OracleCount
            ? ranked.PositiveCount - ranked.CountAbove(threshold)
            : 0;
        var confusion = ConfusionTable.Count(testEnergies, testIsAnomaly, threshold, flaggedAtThreshold);

        return new DetectionMetrics(
            protocol,
            threshold,
            confusion.Precision,
            confusion.Recall,
            confusion.F1,
            confusion.Accuracy,
            ranked.Auroc(),
            ranked.AveragePrecision(),
            confusion.TruePositives,
            confusion.FalsePositives,
            confusion.TrueNegatives,
            confusion.FalseNegatives);
    }

    /// <summary>
    /// Computes the energy threshold of <paramref name="protocol"/>, with rho = <paramref name="anomalyRatio"/>:
    /// pooled-ratio takes the (1 - rho) quantile of train and test energies together, test-ratio the
    /// (1 - rho) quantile of the test energies, train-quantile the (1 - rho) quantile of the training
    /// energies alone, and oracle-count the m-th highest test energy, where m is the number of true
    /// anomalies in the test split. Quantiles follow <see cref="Quantile"/>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An input is empty, lengths differ, an energy is non-finite, rho is outside (0, 1), or
    /// oracle-count finds no anomaly in <paramref name="testIsAnomaly"/>.
    /// </exception>
    public static double Threshold(ReadOnlySpan<double> trainEnergies, ReadOnlySpan<double> testEnergies,
        ReadOnlySpan<bool> testIsAnomaly, ThresholdProtocol protocol, double anomalyRatio)
    {
        ValidateSplit(trainEnergies, testEnergies, testIsAnomaly, protocol, anomalyRatio);
        var ranked = RankedScores.Sort(testEnergies, testIsAnomaly);
        if (protocol == ThresholdProtocol.OracleCount && ranked.PositiveCount == 0)
        {
            throw new ArgumentException(
                "testIsAnomaly marks no test sample as an anomaly, so oracle-count has nothing to count. Use a test split that contains anomalies or another protocol.",
                nameof(testIsAnomaly));
        }

        return ThresholdOfValidated(trainEnergies, ranked, protocol, anomalyRatio);
    }

    /// <summary>
    /// Computes the <paramref name="probability"/> quantile by linear interpolation between order
    /// statistics, the default ("linear") method of numpy.percentile and numpy.quantile: with the
    /// values sorted as x_0 &lt;= ... &lt;= x_(n-1) and h = (n - 1) * p, the result is
    /// x_floor(h) + (h - floor(h)) * (x_floor(h)+1 - x_floor(h)).
    /// </summary>
    /// <param name="values">The sample, non-empty and finite. The method copies it before sorting.</param>
    /// <param name="probability">The cumulative probability p in [0, 1]. 0 returns the minimum and 1 the maximum.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or contains a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1] or NaN.</exception>
    public static double Quantile(ReadOnlySpan<double> values, double probability)
    {
        RequireNonEmpty(values.Length, nameof(values));
        RequireFinite(values, nameof(values));
        if (!(probability >= 0.0 && probability <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "probability must be in [0, 1].");
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return QuantileOfSorted(sorted, probability);
    }

    /// <summary>
    /// Computes the area under the ROC curve as the Mann-Whitney statistic: the fraction of
    /// (positive, negative) pairs in which the positive scores higher, where a tied pair counts 1/2
    /// (the average-rank rule). Reordering the input does not change the result.
    /// </summary>
    /// <param name="scores">Finite scores, higher meaning more likely positive.</param>
    /// <param name="isPositive">True for positives, one entry per value of <paramref name="scores"/>.</param>
    /// <exception cref="ArgumentException">An input is empty, lengths differ, a score is non-finite, or only one class occurs.</exception>
    public static double Auroc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isPositive)
    {
        var ranked = RankScored(scores, isPositive);
        return ranked.Auroc();
    }

    /// <summary>
    /// Computes the area under the precision-recall curve as average precision, the definition of
    /// scikit-learn's average_precision_score: AP = sum_n (R_n - R_(n-1)) * P_n over the distinct
    /// score thresholds in descending order, where all samples with one score form one threshold.
    /// Reordering the input does not change the result.
    /// </summary>
    /// <param name="scores">Finite scores, higher meaning more likely positive.</param>
    /// <param name="isPositive">True for positives, one entry per value of <paramref name="scores"/>.</param>
    /// <exception cref="ArgumentException">An input is empty, lengths differ, a score is non-finite, or only one class occurs.</exception>
    public static double Auprc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isPositive)
    {
        var ranked = RankScored(scores, isPositive);
        return ranked.AveragePrecision();
    }

    private static RankedScores RankScored(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isPositive)
    {
        RequireNonEmpty(scores.Length, nameof(scores));
        RequireSameLength(scores.Length, isPositive.Length, nameof(isPositive), nameof(scores));
        RequireFinite(scores, nameof(scores));

        var ranked = RankedScores.Sort(scores, isPositive);
        RequireBothClasses(ranked, nameof(isPositive));
        return ranked;
    }

    private static double ThresholdOfValidated(ReadOnlySpan<double> trainEnergies, RankedScores rankedTest,
        ThresholdProtocol protocol, double anomalyRatio)
    {
        var probability = 1.0 - anomalyRatio;
        switch (protocol)
        {
            case ThresholdProtocol.PooledRatio:
                var pooled = new double[trainEnergies.Length + rankedTest.Count];
                trainEnergies.CopyTo(pooled);
                rankedTest.Scores.CopyTo(pooled.AsSpan(trainEnergies.Length));
                Array.Sort(pooled);
                return QuantileOfSorted(pooled, probability);

            case ThresholdProtocol.TestRatio:
                return QuantileOfSorted(rankedTest.Scores, probability);

            case ThresholdProtocol.TrainQuantile:
                var train = trainEnergies.ToArray();
                Array.Sort(train);
                return QuantileOfSorted(train, probability);

            case ThresholdProtocol.OracleCount:
                return rankedTest.HighestAt(rankedTest.PositiveCount);

            default:
                throw new ArgumentOutOfRangeException(nameof(protocol), protocol,
                    $"Unknown threshold protocol. Expected {ThresholdProtocols.AcceptedNames}.");
        }
    }

    // numpy's "linear" method: h = (n - 1) p, then interpolate between x_floor(h) and the next order statistic.
    private static double QuantileOfSorted(ReadOnlySpan<double> sorted, double probability)
    {
        var position = (sorted.Length - 1) * probability;
        var lower = (int)Math.Floor(position);
        if (lower >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        var fraction = position - lower;
        var below = sorted[lower];
        var above = sorted[lower + 1];
        var difference = above - below;

        // Interpolating from the nearer order statistic, as numpy's linear method also does, keeps
        // the rounded result monotonic in p.
        return fraction < 0.5
            ? below + difference * fraction
            : above - difference * (1.0 - fraction);
    }

    private static void ValidateSplit(ReadOnlySpan<double> trainEnergies, ReadOnlySpan<double> testEnergies,
        ReadOnlySpan<bool> testIsAnomaly, ThresholdProtocol protocol, double anomalyRatio)
    {
        RequireNonEmpty(testEnergies.Length, nameof(testEnergies));
        RequireSameLength(testEnergies.Length, testIsAnomaly.Length, nameof(testIsAnomaly), nameof(testEnergies));
        if (protocol == ThresholdProtocol.TrainQuantile)
        {
            RequireNonEmpty(trainEnergies.Length, nameof(trainEnergies));
        }

        if (!Enum.IsDefined(protocol))
        {
            throw new ArgumentOutOfRangeException(nameof(protocol), protocol,
                $"Unknown threshold protocol. Expected {ThresholdProtocols.AcceptedNames}.");
        }

        if (!(anomalyRatio > 0.0 && anomalyRatio < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(anomalyRatio), anomalyRatio,
                "anomalyRatio (rho) must be strictly between 0 and 1, for example 0.2.");
        }

        RequireFinite(trainEnergies, nameof(trainEnergies));
        RequireFinite(testEnergies, nameof(testEnergies));
    }

    private static void RequireNonEmpty(int length, string parameterName)
    {
        if (length == 0)
        {
            throw new ArgumentException($"{parameterName} is empty. Pass at least one value.", parameterName);
        }
    }

    private static void RequireSameLength(int expected, int actual, string parameterName, string referenceName)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"{parameterName} has {actual} values but {referenceName} has {expected}. Pass one entry per sample.",
                parameterName);
        }
    }

    private static void RequireFinite(ReadOnlySpan<double> values, string parameterName)
    {
        var firstIndex = -1;
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                count++;
                if (firstIndex < 0)
                {
                    firstIndex = i;
                }
            }
        }

        if (count > 0)
        {
            throw new ArgumentException(
                $"{parameterName} contains {count} non-finite values (NaN or infinity), the first at index {firstIndex} ({values[firstIndex]}). " +
                "A non-finite energy means the model diverged, so mark the run as failed instead of evaluating it.",
                parameterName);
        }
    }

    private static void RequireBothClasses(RankedScores ranked, string parameterName)
    {
        if (ranked.PositiveCount == 0 || ranked.PositiveCount == ranked.Count)
        {
            var present = ranked.PositiveCount == 0 ? "no positive (anomaly)" : "no negative (normal)";
            throw new ArgumentException(
                $"{parameterName} has {present} sample among {ranked.Count}, so AUROC and AUPRC are undefined. Pass labels that contain both classes.",
                parameterName);
        }
    }
}
