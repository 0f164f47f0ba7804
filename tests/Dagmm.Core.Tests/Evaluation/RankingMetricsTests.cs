using Dagmm.Core.Evaluation;

namespace Dagmm.Core.Tests.Evaluation;

public class RankingMetricsTests
{
    [Fact]
    public void Auroc_hand_ranked_pairs()
    {
        // Positives {0.8, 0.4}, negatives {0.6, 0.2}: the pairs (0.8, 0.6), (0.8, 0.2) and (0.4, 0.2)
        // rank the positive higher and (0.4, 0.6) does not, so AUROC = 3 / 4.
        double[] scores = [0.8, 0.6, 0.4, 0.2];
        bool[] isPositive = [true, false, true, false];

        Assert.Equal(0.75, AnomalyEvaluator.Auroc(scores, isPositive));
    }

    [Fact]
    public void Auroc_tied_pair_counts_half()
    {
        // Positives {0.5, 0.9}, negatives {0.5, 0.1}: (0.5, 0.5) is tied and counts 1/2, the other
        // three pairs count 1, so AUROC = 3.5 / 4.
        double[] scores = [0.5, 0.9, 0.5, 0.1];
        bool[] isPositive = [true, true, false, false];

        Assert.Equal(0.875, AnomalyEvaluator.Auroc(scores, isPositive));
    }

    [Fact]
    public void Auroc_all_ties_is_half()
    {
        double[] scores = [2.0, 2.0, 2.0, 2.0, 2.0];
        bool[] isPositive = [true, false, false, true, false];

        Assert.Equal(0.5, AnomalyEvaluator.Auroc(scores, isPositive));
    }

    [Fact]
    public void Auroc_perfect_separation_is_one()
    {
        double[] scores = [0.1, 0.9, 0.2, 0.8, 0.3];
        bool[] isPositive = [false, true, false, true, false];

        Assert.Equal(1.0, AnomalyEvaluator.Auroc(scores, isPositive));
    }

    [Fact]
    public void Auroc_reversed_separation_is_zero()
    {
        double[] scores = [0.1, 0.9, 0.2, 0.8, 0.3];
        bool[] isPositive = [true, false, true, false, true];

        Assert.Equal(0.0, AnomalyEvaluator.Auroc(scores, isPositive));
    }

    [Fact]
    public void Auroc_matches_pairwise_count()
    {
        var (scores, isPositive) = TiedSample(seed: 11, count: 300, distinctScores: 7);

        // 2U = sum over (positive, negative) pairs of 2 if the positive is higher, 1 if tied.
        long twiceU = 0;
        long positives = 0;
        long negatives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (isPositive[i])
            {
                positives++;
                for (var j = 0; j < scores.Length; j++)
                {
                    if (isPositive[j])
                    {
                        continue;
                    }

                    if (scores[i] > scores[j])
                    {
                        twiceU += 2;
                    }
                    else if (scores[i] == scores[j])
                    {
                        twiceU += 1;
                    }
                }
            }
            else
            {
                negatives++;
            }
        }

        Assert.Equal(twiceU / (2.0 * positives * negatives), AnomalyEvaluator.Auroc(scores, isPositive));
    }

    [Fact]
    public void Auprc_hand_example()
    {
        // Descending: 0.9 positive (P = 1, R = 1/2), 0.8 negative (R unchanged),
        // 0.7 positive (P = 2/3, R = 1), 0.6 negative. AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
        double[] scores = [0.6, 0.9, 0.7, 0.8];
        bool[] isPositive = [false, true, true, false];

        Assert.Equal(5.0 / 6.0, AnomalyEvaluator.Auprc(scores, isPositive), 1e-15);
    }

    [Fact]
    public void Auprc_tied_scores_form_one_threshold()
    {
        // Four positives. Threshold 0.9: TP 1, FP 0, P = 1, R gains 1/4.
        // Threshold 0.5 (three tied samples, two positive): TP 3, FP 1, P = 3/4, R gains 2/4.
        // Threshold 0.1: TP 4, FP 1, P = 4/5, R gains 1/4.
        // AP = 1/4 * 1 + 2/4 * 3/4 + 1/4 * 4/5 = 0.25 + 0.375 + 0.2 = 0.825.
        // Breaking the tie positives-first would give 0.95, negative-first 0.8042.
        double[] scores = [0.9, 0.5, 0.5, 0.5, 0.1];
        bool[] isPositive = [true, true, true, false, true];

        Assert.Equal(0.825, AnomalyEvaluator.Auprc(scores, isPositive), 1e-15);
    }

    [Fact]
    public void Auprc_all_ties_is_positive_fraction()
    {
        // One threshold: P = 1/4 and R jumps from 0 to 1.
        double[] scores = [3.0, 3.0, 3.0, 3.0];
        bool[] isPositive = [false, true, false, false];

        Assert.Equal(0.25, AnomalyEvaluator.Auprc(scores, isPositive));
    }

    [Fact]
    public void Auprc_perfect_separation_is_one()
    {
        double[] scores = [0.1, 0.9, 0.2, 0.8];
        bool[] isPositive = [false, true, false, true];

        Assert.Equal(1.0, AnomalyEvaluator.Auprc(scores, isPositive));
    }

    [Fact]
    public void Auprc_matches_threshold_by_threshold_definition()
    {
        var (scores, isPositive) = TiedSample(seed: 5, count: 300, distinctScores: 9);
        var positives = isPositive.Count(label => label);

        // AP = sum over distinct thresholds t, descending, of (R(t) - R(previous t)) * P(t),
        // where R and P count every sample with score >= t as flagged.
        var expected = 0.0;
        var previousRecall = 0.0;
        foreach (var threshold in scores.Distinct().OrderDescending())
        {
            var truePositives = 0;
            var flagged = 0;
            for (var i = 0; i < scores.Length; i++)
            {
                if (scores[i] >= threshold)
                {
                    flagged++;
                    truePositives += isPositive[i] ? 1 : 0;
                }
            }

            var recall = (double)truePositives / positives;
            expected += (recall - previousRecall) * truePositives / flagged;
            previousRecall = recall;
        }

        Assert.Equal(expected, AnomalyEvaluator.Auprc(scores, isPositive), 1e-12);
    }

    [Fact]
    public void Ranking_metrics_ignore_order_of_ties()
    {
        var (scores, isPositive) = TiedSample(seed: 3, count: 2000, distinctScores: 13);
        var auroc = AnomalyEvaluator.Auroc(scores, isPositive);
        var auprc = AnomalyEvaluator.Auprc(scores, isPositive);

        var random = new Random(17);
        for (var shuffle = 0; shuffle < 5; shuffle++)
        {
            var order = Enumerable.Range(0, scores.Length).ToArray();
            random.Shuffle(order);
            var shuffledScores = order.Select(i => scores[i]).ToArray();
            var shuffledLabels = order.Select(i => isPositive[i]).ToArray();

            Assert.Equal(auroc, AnomalyEvaluator.Auroc(shuffledScores, shuffledLabels));
            Assert.Equal(auprc, AnomalyEvaluator.Auprc(shuffledScores, shuffledLabels));
        }
    }

    [Fact]
    public void Auroc_single_class_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => AnomalyEvaluator.Auroc([0.1, 0.2], [false, false]));

        Assert.Equal("isPositive", exception.ParamName);
    }

    [Fact]
    public void Auprc_single_class_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => AnomalyEvaluator.Auprc([0.1, 0.2], [true, true]));

        Assert.Equal("isPositive", exception.ParamName);
    }

    [Fact]
    public void Auroc_mismatched_lengths_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(() => AnomalyEvaluator.Auroc([0.1, 0.2, 0.3], [true, false]));

        Assert.Equal("isPositive", exception.ParamName);
    }

    [Fact]
    public void Auprc_infinite_score_rejected()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => AnomalyEvaluator.Auprc([0.1, double.PositiveInfinity, 0.3], [true, false, false]));

        Assert.Equal("scores", exception.ParamName);
    }

    // Scores drawn from a few distinct values, so most samples share their score with others.
    private static (double[] Scores, bool[] IsPositive) TiedSample(int seed, int count, int distinctScores)
    {
        var random = new Random(seed);
        var scores = new double[count];
        var isPositive = new bool[count];
        for (var i = 0; i < count; i++)
        {
            isPositive[i] = random.NextDouble() < 0.3;

            // Positives lean towards higher scores so the metrics are far from their chance values.
            var level = random.Next(distinctScores) + (isPositive[i] ? random.Next(3) : 0);
            scores[i] = 0.1 * level;
        }

        return (scores, isPositive);
    }
}
