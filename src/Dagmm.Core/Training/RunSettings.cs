using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;

namespace Dagmm.Core.Training;

/// <summary>
/// Every setting of one DAGMM run. <see cref="ForPreset"/> fills in the hyperparameters of the
/// DAGMM paper (Zong et al., ICLR 2018) for a dataset; callers override single settings with
/// <c>with</c> expressions and call <see cref="Validate"/> before training.
/// </summary>
public sealed record RunSettings
{
    /// <summary>A benchmark, or <see cref="DatasetId.Custom"/> together with <see cref="CustomDataset"/>.</summary>
    public required DatasetId Dataset { get; init; }

    /// <summary>The user's table when <see cref="Dataset"/> is <see cref="DatasetId.Custom"/>; null for the benchmarks.</summary>
    public CustomDatasetSpec? CustomDataset { get; init; }

    /// <summary>Returns the dataset's name in run keys and results: the benchmark id or the custom dataset's name.</summary>
    public string DatasetName => CustomDataset?.Name ?? Dataset.ToName();

    public required MixtureSpec Mixture { get; init; }

    /// <summary>Fixes the split, the initial weights, the batch order and the dropout masks.</summary>
    public required int Seed { get; init; }

    /// <summary>Passes over the training split; 0 scores the untrained network.</summary>
    public required int Epochs { get; init; }

    public required int BatchSize { get; init; }

    /// <summary>Adam step size. Paper default 1e-4.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Weight of the mean sample energy in the loss (lambda1). Paper default 0.1.</summary>
    public double LambdaEnergy { get; init; } = 0.1;

    /// <summary>Weight of the penalty sum_k,j 1/Sigma_kjj (lambda2). Paper default 0.005.</summary>
    public double LambdaCovariance { get; init; } = 0.005;

    /// <summary>Dropout probability in the estimation network. Paper default 0.5.</summary>
    public double Dropout { get; init; } = 0.5;

    /// <summary>Maximum L2 norm of the whole gradient before each Adam step. Default 5.</summary>
    public double GradientClip { get; init; } = 5.0;

    /// <summary>Widths of the encoder's layers after the input, ending with the latent size; the decoder mirrors them.</summary>
    public required IReadOnlyList<int> EncoderLayers { get; init; }

    /// <summary>Width of the estimation network's hidden layer; its input is latent size + 2.</summary>
    public required int EstimationHidden { get; init; }

    /// <summary>Mixture components K.</summary>
    public required int Components { get; init; }

    public ThresholdProtocol Threshold { get; init; } = ThresholdProtocol.PooledRatio;

    /// <summary>The expected anomaly ratio rho used by the ratio and quantile thresholds.</summary>
    public required double AnomalyRatio { get; init; }

    public ScalingKind Scaling { get; init; } = ScalingKind.MinMax;

    /// <summary>
    /// Smallest diagonal jitter added to every covariance before its Cholesky factorisation, relative
    /// to nothing (an absolute value). It grows tenfold until the factor exists. Default 1e-6.
    /// </summary>
    public double CovarianceJitter { get; init; } = 1e-6;

    /// <summary>libtorch intra-op threads for this run. Default 1, so a silo runs one run per core.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>
    /// Largest <see cref="Threads"/> accepted. libtorch starts one OS thread per intra-op thread, and
    /// a value such as 100,000 starved the whole machine, while networks of this size stop gaining
    /// from more threads long before this.
    /// </summary>
    public const int MaximumThreads = 256;

    /// <summary>
    /// Largest <see cref="Components"/> accepted. Each training step allocates several [runs, components,
    /// batch rows, features] tensors, and 100,000 components on thyroid grew past 17 GB until the
    /// kernel killed the process.
    /// </summary>
    public const int MaximumComponents = 1024;

    /// <summary>
    /// Largest width accepted for a layer (<see cref="EncoderLayers"/>, <see cref="EstimationHidden"/>).
    /// Two consecutive layers of this width hold 16.8 million weights, about 270 MB with their
    /// gradient and Adam state. Widths of 100,000 would ask for tens of gigabytes.
    /// </summary>
    public const int MaximumLayerWidth = 4096;

    /// <summary>Largest accepted <see cref="LearningRate"/>; far above any rate that trains.</summary>
    public const double MaximumLearningRate = 1e6;

    /// <summary>
    /// True when <paramref name="other"/> trains the same network on the same data and differs at
    /// most in its seed, so both can train as one batched model.
    /// </summary>
    public bool TrainsLike(RunSettings other) =>
        EncoderLayers.SequenceEqual(other.EncoderLayers)
        && (CustomDataset is null ? other.CustomDataset is null : other.CustomDataset is not null && CustomDataset.DescribesSameTable(other.CustomDataset))
        && this with { Seed = 0, EncoderLayers = NoLayers, CustomDataset = null } == other with { Seed = 0, EncoderLayers = NoLayers, CustomDataset = null };

    private static readonly int[] NoLayers = [];

    /// <summary>Returns the DAGMM paper's settings for <paramref name="dataset"/>.</summary>
    public static RunSettings ForPreset(DatasetId dataset, MixtureSpec mixture, int seed) => dataset switch
    {
        DatasetId.Kddcup99 => new RunSettings
        {
            Dataset = dataset, Mixture = mixture, Seed = seed,
            Epochs = 200, BatchSize = 1024, EncoderLayers = [60, 30, 10, 1], EstimationHidden = 10, Components = 4, AnomalyRatio = 0.20,
        },
        DatasetId.Kddcup99Rev => new RunSettings
        {
            Dataset = dataset, Mixture = mixture, Seed = seed,
            Epochs = 400, BatchSize = 1024, EncoderLayers = [60, 30, 10, 1], EstimationHidden = 10, Components = 4, AnomalyRatio = 0.20,
        },
        DatasetId.Thyroid => new RunSettings
        {
            Dataset = dataset, Mixture = mixture, Seed = seed,
            Epochs = 20_000, BatchSize = 1024, EncoderLayers = [12, 4, 1], EstimationHidden = 10, Components = 2, AnomalyRatio = 0.025,
        },
        DatasetId.Arrhythmia => new RunSettings
        {
            Dataset = dataset, Mixture = mixture, Seed = seed,
            Epochs = 10_000, BatchSize = 128, EncoderLayers = [10, 2], EstimationHidden = 10, Components = 2, AnomalyRatio = 0.15,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null),
    };

    /// <summary>Training steps the custom preset aims at: 20,000, the order of the paper's thyroid and arrhythmia runs.</summary>
    public const int CustomPresetSteps = 20_000;

    /// <summary>Largest epoch count the custom preset chooses: 20,000, the thyroid preset's.</summary>
    public const int CustomPresetMaximumEpochs = 20_000;

    /// <summary>
    /// Returns settings for a user's table, chosen from its size as one run sees it. Tables with at
    /// most 32 features get thyroid's network (encoder 12-4-1, K 2). Wider tables with at least
    /// 10,000 rows get kddcup99's (60-30-10-1, K 4), and the other wide tables get arrhythmia's
    /// (10-2, K 2). The batch is 1024 from 10,000 rows on and 128 below, at most the training rows
    /// (half the normal rows). Epochs = ceil(20,000 / batches per epoch), at most 20,000, so every
    /// table gets about 20,000 Adam steps. The anomaly ratio is the table's anomaly share.
    /// </summary>
    public static RunSettings ForCustomDataset(CustomDatasetSpec spec, DatasetSummary summary, MixtureSpec mixture, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(summary);
        const int WideFeatures = 32;
        const int LargeRows = 10_000;
        var trainRows = Math.Max(1, (summary.Rows - summary.Anomalies) / 2);
        var batchSize = Math.Min(summary.Rows >= LargeRows ? 1024 : 128, trainRows);
        var batchesPerEpoch = (trainRows + batchSize - 1) / batchSize;
        var epochs = Math.Clamp((CustomPresetSteps + batchesPerEpoch - 1) / batchesPerEpoch, 1, CustomPresetMaximumEpochs);
        var (layers, components) = summary.Features <= WideFeatures
            ? (new[] { 12, 4, 1 }, 2)
            : summary.Rows >= LargeRows ? (new[] { 60, 30, 10, 1 }, 4) : (new[] { 10, 2 }, 2);

        return new RunSettings
        {
            Dataset = DatasetId.Custom, CustomDataset = spec, Mixture = mixture, Seed = seed,
            Epochs = epochs, BatchSize = batchSize, EncoderLayers = layers, EstimationHidden = 10, Components = components,
            AnomalyRatio = summary.AnomalyRatio,
        };
    }

    /// <summary>Returns the size of the latent code, the last encoder layer.</summary>
    public int LatentSize => EncoderLayers[^1];

    /// <summary>
    /// Lists every invalid setting as "field: problem; fix". An empty list means the settings can train.
    /// </summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Dataset == DatasetId.Custom && CustomDataset is null) problems.Add("dataset: custom needs a customDataset; give the table's path, label and anomaly values");
        if (Dataset != DatasetId.Custom && CustomDataset is not null) problems.Add($"dataset: {Dataset.ToName()} is a benchmark but a customDataset is set; remove one of them");
        if (Epochs < 0) problems.Add($"epochs: {Epochs} is negative; use 0 (untrained) or more");
        if (BatchSize < 2) problems.Add($"batchSize: {BatchSize} is invalid; a batch needs 2 rows or more for its covariance, so use 2 or more");
        // libtorch rejects a rate beyond single precision (about 3.4e38), and any rate above 1e6 diverges.
        if (!(LearningRate is > 0 and <= MaximumLearningRate)) problems.Add($"learningRate: {LearningRate} is invalid; use a number above 0 and at most {MaximumLearningRate:G}, such as 1e-4");
        if (!(LambdaEnergy >= 0) || double.IsInfinity(LambdaEnergy)) problems.Add($"lambdaEnergy: {LambdaEnergy} is invalid; use a finite number >= 0");
        if (!(LambdaCovariance >= 0) || double.IsInfinity(LambdaCovariance)) problems.Add($"lambdaCovariance: {LambdaCovariance} is invalid; use a finite number >= 0");
        if (!(Dropout >= 0 && Dropout < 1)) problems.Add($"dropout: {Dropout} is invalid; use a probability in [0, 1)");
        if (!(GradientClip > 0)) problems.Add($"gradientClip: {GradientClip} is invalid; use a positive number");
        if (EncoderLayers.Count == 0) problems.Add("encoderLayers: the list is empty; give at least the latent size, such as [12, 4, 1]");
        foreach (var width in EncoderLayers.Where(width => width is < 1 or > MaximumLayerWidth))
        {
            problems.Add($"encoderLayers: width {width} is invalid; use 1 to {MaximumLayerWidth}");
        }

        if (EstimationHidden is < 1 or > MaximumLayerWidth) problems.Add($"estimationHidden: {EstimationHidden} is invalid; use 1 to {MaximumLayerWidth}");
        if (Components is < 1 or > MaximumComponents) problems.Add($"components: {Components} is invalid; use 1 to {MaximumComponents}");
        if (!(AnomalyRatio > 0 && AnomalyRatio < 1)) problems.Add($"anomalyRatio: {AnomalyRatio} is invalid; use a ratio in (0, 1)");
        if (!(CovarianceJitter > 0)) problems.Add($"covarianceJitter: {CovarianceJitter} is invalid; use a small positive number such as 1e-6");
        if (Threads is < 1 or > MaximumThreads) problems.Add($"threads: {Threads} is invalid; use 1 to {MaximumThreads}, at most one per core");
        if (Mixture.Family == MixtureFamily.StudentT && !(Mixture.Nu >= MixtureSpec.MinimumNu && Mixture.Nu <= MixtureSpec.MaximumNu))
            problems.Add($"nu: {Mixture.Nu} is out of range; use {MixtureSpec.MinimumNu} to {MixtureSpec.MaximumNu} (a larger nu behaves as the gaussian mixture), or \"learned\"");
        if (Mixture.LearnNu && Mixture.Nu <= 2) problems.Add($"nu: a learned nu starts at {Mixture.Nu} but stays above 2; start above 2");
        return problems;
    }
}
