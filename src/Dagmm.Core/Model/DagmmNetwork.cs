using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// The DAGMM network (Zong et al., ICLR 2018): a tanh autoencoder with a linear bottleneck and a
/// linear output, and an estimation network (tanh, dropout, softmax) that maps the features z to
/// soft mixture assignments. All layer weights live in one flat parameter vector (see
/// <see cref="FlatLinear"/>). Weights and dropout masks come from generators seeded by the run, so
/// two runs training at the same time in one process do not disturb each other's randomness.
/// </summary>
public sealed class DagmmNetwork : nn.Module<Tensor, DagmmForward>
{
    /// <summary>Floor for the norms that the reconstruction features divide by, so an all-zero row stays finite.</summary>
    public const double NormFloor = 1e-8;

    private readonly Parameter weights;
    private readonly nn.Module? mixtureModule;

    private readonly FlatLinear[] _encoder;
    private readonly FlatLinear[] _decoder;
    private readonly FlatLinear _estimationHidden;
    private readonly FlatLinear _estimationOutput;
    private readonly double _dropout;
    private readonly Generator _dropoutGenerator;

    /// <summary>
    /// Builds the layers for <paramref name="inputFeatures"/> inputs, draws the initial weights from
    /// <paramref name="initialisationSeed"/> and the dropout masks from <paramref name="dropoutSeed"/>.
    /// </summary>
    public DagmmNetwork(int inputFeatures, RunSettings settings, IMixtureDensity mixture, long initialisationSeed, long dropoutSeed) : base(nameof(DagmmNetwork))
    {
        Mixture = mixture;
        _dropout = settings.Dropout;

        var layers = new List<FlatLinear>();
        var offset = 0;
        FlatLinear Add(int inFeatures, int outFeatures)
        {
            var layer = new FlatLinear(offset, inFeatures, outFeatures);
            offset += layer.Size;
            layers.Add(layer);
            return layer;
        }

        var widths = new List<int> { inputFeatures };
        widths.AddRange(settings.EncoderLayers);
        _encoder = [.. widths.Zip(widths.Skip(1), Add)];
        widths.Reverse();
        _decoder = [.. widths.Zip(widths.Skip(1), Add)];
        _estimationHidden = Add(settings.LatentSize + 2, settings.EstimationHidden);
        _estimationOutput = Add(settings.EstimationHidden, settings.Components);

        using var initialisationGenerator = new Generator((ulong)initialisationSeed);
        weights = nn.Parameter(InitialWeights(layers, offset, initialisationGenerator));
        mixtureModule = mixture as nn.Module;
        RegisterComponents();

        _dropoutGenerator = new Generator((ulong)dropoutSeed);
    }

    public IMixtureDensity Mixture { get; }

    /// <summary>Number of trainable values in the layers, learned nu excluded.</summary>
    public long WeightCount => weights.shape[0];

    public override DagmmForward forward(Tensor input)
    {
        var latent = TanhStack(_encoder, input);
        var reconstruction = TanhStack(_decoder, latent);

        var inputNorm = input.norm(1, keepdim: false);
        var relativeError = (input - reconstruction).norm(1, keepdim: false) / inputNorm.clamp_min(NormFloor);
        var cosine = (input * reconstruction).sum(dim: 1) / (inputNorm * reconstruction.norm(1, keepdim: false)).clamp_min(NormFloor);
        var features = torch.cat([latent, relativeError.unsqueeze(1), cosine.unsqueeze(1)], 1);

        var hidden = Linear(_estimationHidden, features).tanh();
        if (training && _dropout > 0)
        {
            hidden = Dropout(hidden);
        }

        var gamma = Linear(_estimationOutput, hidden).softmax(1);
        return new DagmmForward(latent, reconstruction, features, gamma);
    }

    /// <summary>Returns the trainable tensors: the flat layer weights, plus a learned nu if any.</summary>
    public IEnumerable<Parameter> TrainableParameters() => parameters();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dropoutGenerator.Dispose();
        }

        base.Dispose(disposing);
    }

    private Tensor Linear(FlatLinear layer, Tensor input) => layer.Forward(weights, input);

    // tanh between layers; the last layer stays linear (the bottleneck, or the reconstruction).
    private Tensor TanhStack(FlatLinear[] layers, Tensor input)
    {
        var output = input;
        for (var i = 0; i < layers.Length; i++)
        {
            output = Linear(layers[i], output);
            if (i + 1 < layers.Length)
            {
                output = output.tanh();
            }
        }

        return output;
    }

    // Inverted dropout with this run's generator; nn.Dropout would draw from the process-wide one.
    private Tensor Dropout(Tensor hidden)
    {
        var keep = 1.0 - _dropout;
        var mask = torch.rand(hidden.shape, generator: _dropoutGenerator, dtype: hidden.dtype).lt(keep).to(hidden.dtype);
        return hidden * (mask / keep);
    }

    // PyTorch's default Linear initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and
    // biases, drawn from the run's generator instead of the process-wide one.
    private static Tensor InitialWeights(IEnumerable<FlatLinear> layers, int size, Generator generator)
    {
        using var noGrad = torch.no_grad();
        var flat = torch.empty(size);
        foreach (var layer in layers)
        {
            var bound = 1.0 / Math.Sqrt(layer.InFeatures);
            flat.narrow(0, layer.Offset, layer.Size).copy_(torch.rand(layer.Size, generator: generator) * (2 * bound) - bound);
        }

        return flat;
    }
}
