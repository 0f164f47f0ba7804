using System.Runtime.InteropServices;
using Dagmm.Core.Mixtures;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// R networks of the same shape trained as one model. Every layer's weights are stacked to
/// [R, out, in] and every operation runs once on feature-major [R, width, N] tensors, so the fixed
/// cost of an operation (dispatch, autograd bookkeeping) is paid once per step for all R runs.
/// With the samples along the last dimension, the reductions over them (bias gradients, mixture
/// moments) run along contiguous memory. For thyroid's 4- to 12-wide layers that halves the time
/// of the network's forward and backward pass against the [R, N, width] layout. Nothing mixes
/// values across runs: each run's slice uses its own weights, batch and dropout masks, and the
/// starting weights and dropout streams are taken from the R <see cref="DagmmNetwork"/>s, which
/// get their trained weights back from <see cref="CopyToNetworks"/>.
/// </summary>
public sealed class BatchedDagmmNetwork : IDisposable
{
    // Each run's row of the flat storage is padded to whole 64-byte lines, so an elementwise kernel
    // meets a run's values at the same vector-lane positions whatever its place in the batch.
    private const long RowAlignment = 16;

    private readonly IReadOnlyList<DagmmNetwork> _networks;
    private readonly Tensor _storage;
    private readonly Tensor _gradient;
    private readonly List<(Parameter Weight, Parameter Bias)> _encoder = [];
    private readonly List<(Parameter Weight, Parameter Bias)> _decoder = [];
    private readonly (Parameter Weight, Parameter Bias) _estimationHidden;
    private readonly (Parameter Weight, Parameter Bias) _estimationOutput;
    private readonly double _dropout;

    /// <summary>Stacks the current weights of <paramref name="networks"/>, which must share one shape and one mixture spec.</summary>
    public BatchedDagmmNetwork(IReadOnlyList<DagmmNetwork> networks)
    {
        ArgumentOutOfRangeException.ThrowIfZero(networks.Count);
        _networks = networks;
        var first = networks[0];
        var size = first.Flat.Size;
        if (networks.Any(network => network.Flat.Size != size || network.Mixture.Spec != first.Mixture.Spec))
        {
            throw new ArgumentException("every network of a batch must have the same layers and mixture", nameof(networks));
        }

        GradientLayoutWarning.SpendOnce();
        Runs = networks.Count;
        _dropout = first.DropoutRate;
        var rowSize = (size + RowAlignment - 1) / RowAlignment * RowAlignment;
        _storage = torch.zeros(Runs, rowSize);
        _gradient = torch.zeros(Runs, rowSize);
        using (torch.no_grad())
        {
            for (var run = 0; run < Runs; run++)
            {
                _storage[run].narrow(0, 0, size).copy_(networks[run].Flat.Parameter);
            }
        }

        var layers = first.LinearLayers;
        var encoderLayers = (layers.Count - 2) / 2;
        for (var i = 0; i < layers.Count; i++)
        {
            var slot = Slot(first, layers[i]);
            if (i < encoderLayers)
            {
                _encoder.Add(slot);
            }
            else if (i < 2 * encoderLayers)
            {
                _decoder.Add(slot);
            }
            else if (i == 2 * encoderLayers)
            {
                _estimationHidden = slot;
            }
            else
            {
                _estimationOutput = slot;
            }
        }

        Parameter = new Parameter(_storage.detach());
        Parameter.grad = _gradient;
        Mixture = MixtureDensities.Create(first.Mixture.Spec, components: (int)_estimationOutput.Weight.shape[1], Runs);
        if (Mixture is StudentTMixtureDensity { RawNu: { } rawNu })
        {
            using var noGrad = torch.no_grad();
            for (var run = 0; run < Runs; run++)
            {
                rawNu[run].copy_(((StudentTMixtureDensity)networks[run].Mixture).RawNu!);
            }

            RawNu = rawNu;
        }
    }

    public int Runs { get; }

    /// <summary>The density of the batch; a learned nu has one row per run.</summary>
    public IMixtureDensity Mixture { get; }

    /// <summary>Every run's layer weights as rows of one [R, P] tensor (each row padded); Adam updates it.</summary>
    public Parameter Parameter { get; }

    /// <summary>The learned nu's raw parameter [R, K], or null when nu is fixed.</summary>
    public Parameter? RawNu { get; }

    /// <summary>
    /// Runs the R networks on feature-major input <paramref name="inputColumns"/> [R, F, N], run r
    /// on its slice. Returns the <see cref="DagmmForward"/> tensors with a leading run dimension and
    /// the samples last: latent [R, L, N], reconstruction [R, F, N], error [R, N], features
    /// [R, L + 2, N] and soft assignments [R, K, N].
    /// </summary>
    public DagmmForward Forward(Tensor inputColumns)
    {
        var latent = TanhStack(_encoder, inputColumns);
        var reconstruction = TanhStack(_decoder, latent);
        var (reconstructionError, features) = DagmmNetwork.Features(inputColumns, latent, reconstruction, featureDimension: -2);

        var hidden = Linear(_estimationHidden, features).tanh();
        // Only training runs through this model (scoring uses each run's DagmmNetwork), so dropout is always on.
        if (_dropout > 0)
        {
            hidden = Dropout(hidden);
        }

        // Softmax over K along the second dimension, as the single network does and for the same reason.
        var gamma = Linear(_estimationOutput, hidden).softmax(1);
        return new DagmmForward(latent, reconstruction, reconstructionError, features, gamma);
    }

    /// <summary>Clears every gradient in place.</summary>
    public void ZeroGradients()
    {
        _gradient.zero_();
        RawNu?.grad?.zero_();
    }

    /// <summary>
    /// Scales each run's gradient (layer weights and learned nu together) so its L2 norm is at most
    /// <paramref name="maximumNorm"/>, as clip_grad_norm_ does for one run.
    /// </summary>
    public void ClipGradientsPerRun(double maximumNorm)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var squared = _gradient.square().sum(dim: 1);
        if (RawNu?.grad is { } nuGradient)
        {
            squared = squared + nuGradient.square().sum(dim: 1);
        }

        var scale = (maximumNorm / (squared.sqrt() + 1e-6)).clamp_max(1.0).unsqueeze(1);
        _gradient.mul_(scale);
        RawNu?.grad?.mul_(scale);
    }

    /// <summary>Writes each run's trained weights (and learned nu) back into its <see cref="DagmmNetwork"/>.</summary>
    public void CopyToNetworks()
    {
        using var noGrad = torch.no_grad();
        for (var run = 0; run < Runs; run++)
        {
            var network = _networks[run];
            network.Flat.Parameter.copy_(_storage[run].narrow(0, 0, network.Flat.Size));
            if (RawNu is not null)
            {
                ((StudentTMixtureDensity)network.Mixture).RawNu!.copy_(RawNu[run]);
            }
        }
    }

    public void Dispose()
    {
        foreach (var (weight, bias) in _encoder.Concat(_decoder).Append(_estimationHidden).Append(_estimationOutput))
        {
            weight.Dispose();
            bias.Dispose();
        }

        (Mixture as IDisposable)?.Dispose();
        Parameter.Dispose();
        _storage.Dispose();
        _gradient.Dispose();
    }

    // Leaf parameters that are views of every run's row of the storage, with gradients that are
    // views of the gradient rows, so backward writes straight into the tensor Adam steps. Biases
    // are [R, out, 1] columns, which add to [R, out, N] outputs without a view per step.
    private (Parameter Weight, Parameter Bias) Slot(DagmmNetwork network, Linear layer)
    {
        var (weightOffset, biasOffset) = network.Flat.OffsetsOf(layer);
        var outputs = layer.weight!.shape[0];
        var inputs = layer.weight.shape[1];
        var weight = new Parameter(_storage.narrow(1, weightOffset, outputs * inputs).view(Runs, outputs, inputs).detach())
        {
            grad = _gradient.narrow(1, weightOffset, outputs * inputs).view(Runs, outputs, inputs),
        };
        var bias = new Parameter(_storage.narrow(1, biasOffset, outputs).view(Runs, outputs, 1).detach())
        {
            grad = _gradient.narrow(1, biasOffset, outputs).view(Runs, outputs, 1),
        };
        return (weight, bias);
    }

    // W x + b for every run: weights [R, out, in], input [R, in, N], output [R, out, N]. A batched
    // product with a dimension of 1 takes another BLAS path for a batch of one run than for several
    // (measured: differences of 1e-7 relative), in the forward pass or in the weight gradient of
    // backward. Layers with one input or one output (the thyroid and kddcup99 bottleneck) therefore
    // multiply elementwise and sum, which computes each run alike.
    private static Tensor Linear((Parameter Weight, Parameter Bias) layer, Tensor input)
    {
        var bias = layer.Bias;                                                                     // [R, out, 1]
        if (layer.Weight.shape[2] == 1)
        {
            return layer.Weight * input + bias;                                                    // [R, out, 1] * [R, 1, N]
        }

        if (layer.Weight.shape[1] == 1)
        {
            return (layer.Weight.transpose(1, 2) * input).sum(dim: 1, keepdim: true) + bias;       // [R, in, 1] * [R, in, N]
        }

        // TorchSharp's batch1.baddbmm(batch2, mat) returns mat + batch1 @ batch2.
        return layer.Weight.baddbmm(input, bias);
    }

    // tanh between layers; the last layer stays linear, as in DagmmNetwork.
    private static Tensor TanhStack(List<(Parameter Weight, Parameter Bias)> layers, Tensor input)
    {
        var output = input;
        for (var i = 0; i < layers.Count; i++)
        {
            output = Linear(layers[i], output);
            if (i + 1 < layers.Count)
            {
                output = output.tanh();
            }
        }

        return output;
    }

    // Each run's mask comes from its own network's stream, written unit-major into its [H, N] slice
    // of one [R, H, N] tensor. So a run's masks do not depend on the other runs of the batch, and a
    // run drops the same units as in the single-run network.
    private Tensor Dropout(Tensor hidden)
    {
        var (units, samples) = ((int)hidden.shape[1], (int)hidden.shape[2]);
        var mask = torch.empty([Runs, units, samples], dtype: ScalarType.Float32);
        var values = MemoryMarshal.Cast<byte, float>(mask.bytes);
        for (var run = 0; run < Runs; run++)
        {
            _networks[run].DropoutMasks.FillUnitMajor(values.Slice(run * units * samples, units * samples), samples, units);
        }

        return hidden * mask;
    }
}
