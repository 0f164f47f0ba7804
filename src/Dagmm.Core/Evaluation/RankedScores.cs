namespace Dagmm.Core.Evaluation;

/// <summary>
/// Scores sorted ascending with their binary labels carried along, the one sort that the
/// threshold-free metrics and the order statistics of a test split share.
/// </summary>
/// <remarks>
/// The sort is not stable, so the order of labels within a run of tied scores is arbitrary. Every
/// result here treats a run of ties as one group, which makes it independent of that order.
/// </remarks>
internal sealed class RankedScores
{
    private readonly double[] _scores;
    private readonly bool[] _isPositive;

    private RankedScores(double[] scores, bool[] isPositive, int positiveCount)
    {
        _scores = scores;
        _isPositive = isPositive;
        PositiveCount = positiveCount;
    }

    /// <summary>The scores in ascending order.</summary>
    public ReadOnlySpan<double> Scores => _scores;

    public int Count => _scores.Length;

    public int PositiveCount { get; }

    public int NegativeCount => Count - PositiveCount;

    /// <summary>Copies and sorts the scores. The caller has checked that they are finite and that the lengths match.</summary>
    public static RankedScores Sort(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isPositive)
    {
        var sortedScores = scores.ToArray();
        var sortedLabels = isPositive.ToArray();
        Array.Sort(sortedScores, sortedLabels);

        var positiveCount = 0;
        foreach (var positive in sortedLabels)
        {
            if (positive)
            {
                positiveCount++;
            }
        }

        return new RankedScores(sortedScores, sortedLabels, positiveCount);
    }

    /// <summary>Returns the <paramref name="rank"/>-th highest score, 1-based, so rank 1 is the maximum.</summary>
    public double HighestAt(int rank) => _scores[Count - rank];

    /// <summary>Counts the scores strictly greater than <paramref name="threshold"/> by binary search.</summary>
    public int CountAbove(double threshold)
    {
        // Find the first index whose score exceeds the threshold.
        var low = 0;
        var high = Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_scores[middle] > threshold)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return Count - low;
    }

    /// <summary>Computes AUROC as U / (P * N), where the Mann-Whitney U counts a tied (positive, negative) pair as 1/2.</summary>
    public double Auroc()
    {
        // 2U = sum over tie groups g (ascending) of positives_g * (2 * negatives below g + negatives_g).
        // Doubling keeps the half pairs of ties in exact integer arithmetic.
        long twiceU = 0;
        long negativesBelow = 0;
        var start = 0;
        while (start < Count)
        {
            var end = EndOfTieGroup(start);
            var (positives, negatives) = CountLabels(start, end);
            twiceU += positives * ((2 * negativesBelow) + negatives);
            negativesBelow += negatives;
            start = end;
        }

        return twiceU / (2.0 * PositiveCount * NegativeCount);
    }

    /// <summary>Computes average precision, AP = sum_n (R_n - R_(n-1)) * P_n over tie groups taken from the highest score down.</summary>
    public double AveragePrecision()
    {
        // R_n - R_(n-1) = positives_g / P, so AP = (1 / P) * sum_g positives_g * TP_g / (TP_g + FP_g).
        var sum = 0.0;
        long truePositives = 0;
        long falsePositives = 0;
        var end = Count;
        while (end > 0)
        {
            var start = StartOfTieGroup(end);
            var (positives, negatives) = CountLabels(start, end);
            truePositives += positives;
            falsePositives += negatives;
            if (positives > 0)
            {
                sum += positives * ((double)truePositives / (truePositives + falsePositives));
            }

            end = start;
        }

        return sum / PositiveCount;
    }

    // Returns the exclusive end of the run of scores equal to _scores[start].
    private int EndOfTieGroup(int start)
    {
        var end = start + 1;
        while (end < Count && _scores[end] == _scores[start])
        {
            end++;
        }

        return end;
    }

    // Returns the first index of the run of scores equal to _scores[end - 1].
    private int StartOfTieGroup(int end)
    {
        var start = end - 1;
        while (start > 0 && _scores[start - 1] == _scores[end - 1])
        {
            start--;
        }

        return start;
    }

    private (long Positives, long Negatives) CountLabels(int start, int end)
    {
        long positives = 0;
        for (var i = start; i < end; i++)
        {
            if (_isPositive[i])
            {
                positives++;
            }
        }

        return (positives, end - start - positives);
    }
}
