namespace Dagmm.Core.Evaluation;

/// <summary>
/// Counts of flagged and missed samples at one threshold, with anomaly as the positive class, and
/// the metrics derived from them.
/// </summary>
internal readonly record struct ConfusionTable(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    /// <summary>TP / (TP + FP), or 0 when nothing is flagged.</summary>
    public double Precision => TruePositives + FalsePositives == 0
        ? 0.0
        : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN), or 0 when the split has no anomalies.</summary>
    public double Recall => TruePositives + FalseNegatives == 0
        ? 0.0
        : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall, or 0 when both are 0.</summary>
    /// <remarks>
    /// Computed as 2TP / (2TP + FP + FN), which equals 2PR / (P + R) when TP &gt; 0 and rounds only
    /// once, so a hand-computed value such as 0.4 comes out exact.
    /// </remarks>
    public double F1 => TruePositives == 0
        ? 0.0
        : 2.0 * TruePositives / ((2.0 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>(TP + TN) / (TP + FP + TN + FN).</summary>
    public double Accuracy => (double)(TruePositives + TrueNegatives) / (TruePositives + FalsePositives + TrueNegatives + FalseNegatives);

    /// <summary>
    /// Counts the table when samples with energy above <paramref name="threshold"/> are flagged,
    /// plus the first <paramref name="flaggedAtThreshold"/> samples, in ascending position, whose
    /// energy equals it.
    /// </summary>
    public static ConfusionTable Count(ReadOnlySpan<double> energies, ReadOnlySpan<bool> isAnomaly,
        double threshold, int flaggedAtThreshold)
    {
        int truePositives = 0, falsePositives = 0, trueNegatives = 0, falseNegatives = 0;
        var tiedStillToFlag = flaggedAtThreshold;
        for (var i = 0; i < energies.Length; i++)
        {
            var flagged = energies[i] > threshold;
            if (!flagged && tiedStillToFlag > 0 && energies[i] == threshold)
            {
                flagged = true;
                tiedStillToFlag--;
            }

            if (flagged)
            {
                if (isAnomaly[i])
                {
                    truePositives++;
                }
                else
                {
                    falsePositives++;
                }
            }
            else if (isAnomaly[i])
            {
                falseNegatives++;
            }
            else
            {
                trueNegatives++;
            }
        }

        return new ConfusionTable(truePositives, falsePositives, trueNegatives, falseNegatives);
    }
}
