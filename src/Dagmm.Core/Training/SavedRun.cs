using System.Text.Json;
using System.Text.Json.Serialization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Evaluation;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>
/// A trained run on disk: <c>weights.bin</c> (TorchSharp state of the network, learned nu
/// included) and <c>run.json</c> (settings, scaler, the float64 mixture moments fitted on the whole
/// training split, and the metrics). Everything needed to score samples again in another process.
/// </summary>
public sealed class SavedRun : IDisposable
{
    public const string WeightsFile = "weights.bin";
    public const string ManifestFile = "run.json";
    private const int FormatVersion = 1;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private SavedRun(RunSettings settings, DagmmNetwork network, MixtureParameters mixture, FeatureScaler scaler, DetectionMetrics? metrics)
    {
        Settings = settings;
        Network = network;
        Mixture = mixture;
        Scaler = scaler;
        Metrics = metrics;
    }

    public RunSettings Settings { get; }

    public DagmmNetwork Network { get; }

    /// <summary>Float64 mixture moments over the whole training split.</summary>
    public MixtureParameters Mixture { get; }

    public FeatureScaler Scaler { get; }

    public DetectionMetrics? Metrics { get; }

    /// <summary>Writes the run into <paramref name="directory"/>, creating it; files are written under temporary names, then renamed.</summary>
    public static void Save(string directory, RunResult result, DagmmNetwork network, MixtureParameters mixture, FeatureScaler scaler)
    {
        Directory.CreateDirectory(directory);
        var manifest = new Manifest
        {
            Format = FormatVersion,
            Settings = result.Settings,
            FeatureCount = scaler.Offset.Length,
            ScalerKind = scaler.Kind,
            ScalerOffset = scaler.Offset,
            ScalerScale = scaler.Scale,
            Phi = mixture.Phi.data<double>().ToArray(),
            Mu = mixture.Mu.data<double>().ToArray(),
            Covariance = mixture.Covariance.data<double>().ToArray(),
            Components = mixture.Components,
            Dimensions = (int)mixture.Mu.shape[1],
            Jitter = mixture.Jitter,
            LearnedNu = [.. result.LearnedNu],
            Metrics = result.Metrics,
        };

        var weightsPath = Path.Combine(directory, WeightsFile);
        var temporaryWeights = weightsPath + ".tmp";
        network.save(temporaryWeights);
        File.Move(temporaryWeights, weightsPath, overwrite: true);

        var manifestPath = Path.Combine(directory, ManifestFile);
        var temporaryManifest = manifestPath + ".tmp";
        File.WriteAllText(temporaryManifest, JsonSerializer.Serialize(manifest, s_json));
        File.Move(temporaryManifest, manifestPath, overwrite: true);
    }

    /// <summary>Reads a run saved by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">A file is missing or not a saved run; the message names it.</exception>
    public static SavedRun Load(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFile);
        var weightsPath = Path.Combine(directory, WeightsFile);
        if (File.Exists(directory))
        {
            throw new InvalidDataException($"{directory} is a file; give the folder written by grid-client train --save");
        }

        if (!Directory.Exists(directory))
        {
            throw new InvalidDataException($"{directory}: folder not found; give the folder written by grid-client train --save");
        }

        if (!File.Exists(manifestPath) || !File.Exists(weightsPath))
        {
            throw new InvalidDataException($"{directory}: not a saved run; expected {ManifestFile} and {WeightsFile} written by grid-client train --save");
        }

        Manifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), s_json)
                       ?? throw new InvalidDataException($"{manifestPath}: empty manifest");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"{manifestPath}: not a valid saved-run manifest (JSON error at line {error.LineNumber + 1}); save the run again with grid-client train --save", error);
        }

        if (manifest.Format != FormatVersion)
        {
            throw new InvalidDataException($"{manifestPath}: format {manifest.Format} is not supported; this grid-client reads format {FormatVersion}");
        }

        CheckConsistency(manifestPath, manifest);
        TorchRuntime.EnsureLoaded();
        var settings = manifest.Settings;
        var mixtureDensity = MixtureDensities.Create(settings.Mixture, settings.Components);
        var network = new DagmmNetwork(manifest.FeatureCount, settings, mixtureDensity, 0, 0);
        try
        {
            network.load(weightsPath);
        }
        catch (Exception error) when (error is IOException or ArgumentException or System.Runtime.InteropServices.ExternalException or InvalidOperationException)
        {
            network.Dispose();
            throw new InvalidDataException($"{weightsPath}: damaged or not written for this run's network ({error.Message}); save the run again with grid-client train --save", error);
        }

        network.eval();

        var components = manifest.Components;
        var dimensions = manifest.Dimensions;
        var covariance = torch.tensor(manifest.Covariance, [components, dimensions, dimensions], ScalarType.Float64);
        var (choleskyFactor, info) = torch.linalg.cholesky_ex(covariance);
        if (info.ne(0).any().item<bool>())
        {
            network.Dispose();
            throw Inconsistent(manifestPath, "a covariance is not positive-definite");
        }

        var mixture = new MixtureParameters(
            torch.tensor(manifest.Phi, ScalarType.Float64),
            torch.tensor(manifest.Mu, [components, dimensions], ScalarType.Float64),
            covariance,
            choleskyFactor,
            manifest.Jitter);
        var scaler = FeatureScaler.FromParameters(manifest.ScalerKind, manifest.ScalerOffset, manifest.ScalerScale);
        return new SavedRun(settings, network, mixture, scaler, manifest.Metrics);
    }

    // Checks the sizes and values that train --save writes consistently, so a hand-edited or damaged
    // manifest fails here with the field named instead of inside libtorch.
    private static void CheckConsistency(string manifestPath, Manifest manifest)
    {
        var settings = manifest.Settings;
        var (components, dimensions) = (manifest.Components, manifest.Dimensions);
        if (settings.Validate() is [var first, ..])
        {
            throw Inconsistent(manifestPath, $"its settings are invalid ({first})");
        }

        string? problem =
            components != settings.Components || components < 1 ? $"components is {components}, but the run's settings have {settings.Components}"
            : dimensions != settings.LatentSize + 2 ? $"dimensions is {dimensions}, but the run's latent size {settings.LatentSize} plus 2 makes {settings.LatentSize + 2}"
            : manifest.Phi.Length != components ? $"phi has {manifest.Phi.Length} values for {components} components"
            : manifest.Mu.Length != components * dimensions ? $"mu has {manifest.Mu.Length} values, expected {components * dimensions}"
            : manifest.Covariance.Length != components * dimensions * dimensions ? $"covariance has {manifest.Covariance.Length} values, expected {components * dimensions * dimensions}"
            : manifest.ScalerOffset.Length != manifest.FeatureCount || manifest.ScalerScale.Length != manifest.FeatureCount
                ? $"the scaler has {manifest.ScalerOffset.Length} offsets and {manifest.ScalerScale.Length} scales for {manifest.FeatureCount} features"
            : !manifest.Phi.Concat(manifest.Mu).Concat(manifest.Covariance).All(double.IsFinite) ? "phi, mu or covariance contains a value that is not finite"
            : !double.IsFinite(manifest.Jitter) || manifest.Jitter < 0 ? $"jitter {manifest.Jitter} is invalid"
            : null;
        if (problem is not null)
        {
            throw Inconsistent(manifestPath, problem);
        }
    }

    private static InvalidDataException Inconsistent(string manifestPath, string problem) =>
        new($"{manifestPath}: {problem}; save the run again with grid-client train --save");

    public void Dispose()
    {
        Network.Dispose();
        Mixture.Dispose();
    }

    private sealed class Manifest
    {
        public int Format { get; init; }

        public required RunSettings Settings { get; init; }

        public int FeatureCount { get; init; }

        public ScalingKind ScalerKind { get; init; }

        public required float[] ScalerOffset { get; init; }

        public required float[] ScalerScale { get; init; }

        public int Components { get; init; }

        public int Dimensions { get; init; }

        public required double[] Phi { get; init; }

        public required double[] Mu { get; init; }

        public required double[] Covariance { get; init; }

        public double Jitter { get; init; }

        public double[] LearnedNu { get; init; } = [];

        public DetectionMetrics? Metrics { get; init; }
    }
}
