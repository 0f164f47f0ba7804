using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// The DAGMM network (Zong et al., ICLR 2018): a tanh autoencoder with a linear bottleneck and a
/// linear output, and an estimation network (tanh, dropout, softmax) that maps the features z to
/// soft mixture assignments. Weights and dropout masks come from generators seeded by the run, so
/// two runs training at the same time in one process do not disturb each other's randomness.
/// </summary>
public sealed class DagmmNetwork : nn.Module<Tensor, DagmmForward>
{
    /// <summary>Floor for the norms that the reconstruction features divide by, so an all-zero row stays finite.</summary>
    public const double NormFloor = 1e-8;

    private readonly Sequential encoder;
    private readonly Sequential decoder;
    private readonly Linear estimationHidden;
    private readonly Linear estimationOutput;
    private readonly nn.Module? mixtureModule;

    private readonly FlatParameters _flatParameters;
    private readonly double _dropout;
    private readonly DropoutMaskStream _dropoutMasks;

    /// <summary>
    /// Builds the layers for <paramref name="inputFeatures"/> inputs, draws the initial weights from
    /// <paramref name="initialisationSeed"/> and the dropout masks from <paramref name="dropoutSeed"/>.
    /// </summary>
    public DagmmNetwork(int inputFeatures, RunSettings settings, IMixtureDensity mixture, long initialisationSeed, long dropoutSeed) : base(nameof(DagmmNetwork))
    {
        Mixture = mixture;
        _dropout = settings.Dropout;

        var widths = new List<int> { inputFeatures };
        widths.AddRange(settings.EncoderLayers);
        encoder = BuildTanhStack(widths);
        widths.Reverse();
        decoder = BuildTanhStack(widths);
        estimationHidden = nn.Linear(settings.LatentSize + 2, settings.EstimationHidden);
        estimationOutput = nn.Linear(settings.EstimationHidden, settings.Components);
        mixtureModule = mixture as nn.Module;
        RegisterComponents();

        var linearLayers = modules().OfType<Linear>().ToList();
        if (linearLayers.Count != 2 * settings.EncoderLayers.Count + 2)
        {
            throw new InvalidOperationException($"expected {2 * settings.EncoderLayers.Count + 2} linear layers after registration, found {linearLayers.Count}");
        }

        using (var initialisationGenerator = new Generator((ulong)initialisationSeed))
        {
            InitialiseLinearLayers(linearLayers, initialisationGenerator);
        }

        _flatParameters = new FlatParameters(linearLayers);
        _dropoutMasks = new DropoutMaskStream((ulong)dropoutSeed, _dropout);
    }

    public IMixtureDensity Mixture { get; }

    /// <summary>The encoder's and decoder's linear layers in order, then the estimation network's two.</summary>
    internal IReadOnlyList<Linear> LinearLayers => [.. encoder.modules().OfType<Linear>(), .. decoder.modules().OfType<Linear>(), estimationHidden, estimationOutput];

    internal FlatParameters Flat => _flatParameters;

    internal DropoutMaskStream DropoutMasks => _dropoutMasks;

    internal double DropoutRate => _dropout;

    /// <summary>
    /// Returns the Euclidean reconstruction error ||x - x'|| of each sample and the features
    /// z = [latent, relative Euclidean error, cosine similarity] along
    /// <paramref name="featureDimension"/>: the last one for one run's rows [N, F], the second to
    /// last for a feature-major batch of runs [R, F, N].
    /// </summary>
    internal static (Tensor ReconstructionError, Tensor Features) Features(Tensor input, Tensor latent, Tensor reconstruction, int featureDimension = -1)
    {
        var (reconstructionError, relativeError, cosine) = ReconstructionFeatures.Compute(input, reconstruction, NormFloor, featureDimension);   // [N] or [R, N] each
        var features = torch.cat([latent, relativeError.unsqueeze(featureDimension), cosine.unsqueeze(featureDimension)], featureDimension);
        return (reconstructionError, features);
    }

    public override DagmmForward forward(Tensor input)
    {
        var latent = encoder.forward(input);
        var reconstruction = decoder.forward(latent);
        var (reconstructionError, features) = Features(input, latent, reconstruction);

        var hidden = estimationHidden.forward(features).tanh();
        if (training && _dropout > 0)
        {
            hidden = Dropout(hidden);
        }

        // Softmax over K in [K, N] layout: along a dimension of only 2-4 values the [N, K] kernel is several times slower.
        var logits = torch.addmm(estimationOutput.bias!.unsqueeze(1), estimationOutput.weight!, hidden.T, beta: 1, alpha: 1);   // [K, N]
        var gamma = logits.softmax(0).T;
        return new DagmmForward(latent, reconstruction, reconstructionError, features, gamma);
    }

    /// <summary>
    /// Returns what the optimizer updates: every layer weight as one flat parameter, plus a learned nu if any.
    /// Gradients accumulate into them during backward; clear them with <see cref="ZeroGradients"/>.
    /// </summary>
    public IReadOnlyList<Parameter> OptimizerParameters()
    {
        var list = new List<Parameter> { _flatParameters.Parameter };
        if (mixtureModule is not null)
        {
            list.AddRange(mixtureModule.parameters());
        }

        return list;
    }

    /// <summary>Clears every gradient in place, keeping the layer gradients as views of the flat one.</summary>
    public void ZeroGradients()
    {
        _flatParameters.ZeroGradients();
        if (mixtureModule is not null)
        {
            foreach (var parameter in mixtureModule.parameters())
            {
                parameter.grad?.zero_();
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _flatParameters.Dispose();
        }

        base.Dispose(disposing);
    }

    // Inverted dropout with this run's own mask stream; nn.Dropout would draw from the process-wide generator.
    private Tensor Dropout(Tensor hidden) =>
        hidden * _dropoutMasks.NextSampleMajor(hidden.shape[0], hidden.shape[1]).to(hidden.dtype);

    // tanh between layers; the last layer stays linear (the bottleneck, or the reconstruction).
    private static Sequential BuildTanhStack(IReadOnlyList<int> widths)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i + 1 < widths.Count; i++)
        {
            layers.Add(($"linear{i}", nn.Linear(widths[i], widths[i + 1])));
            if (i + 2 < widths.Count)
            {
                layers.Add(($"tanh{i}", nn.Tanh()));
            }
        }

        return nn.Sequential(layers);
    }

    // PyTorch's default Linear initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and
    // biases, drawn from the run's generator instead of the process-wide one.
    private static void InitialiseLinearLayers(IEnumerable<Linear> layers, Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var layer in layers)
        {
            var bound = 1.0 / Math.Sqrt(layer.weight!.shape[1]);
            layer.weight.copy_(torch.rand(layer.weight.shape, generator: generator) * (2 * bound) - bound);
            layer.bias!.copy_(torch.rand(layer.bias.shape, generator: generator) * (2 * bound) - bound);
        }
    }
}
