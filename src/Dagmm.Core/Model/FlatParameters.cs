using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// Re-homes the weights and biases of a set of Linear layers into one contiguous storage vector,
/// and their gradients into one gradient vector. The layers keep ordinary leaf parameters (views of
/// the storage, detached so autograd records no slicing), so the backward pass has no extra nodes,
/// while Adam, gradient clipping and zeroing run as a few operations on <see cref="Parameter"/>.
/// </summary>
internal sealed class FlatParameters : IDisposable
{
    private readonly Tensor _storage;
    private readonly Tensor _gradient;
    private readonly Dictionary<Linear, (long Weight, long Bias)> _offsets = new(ReferenceEqualityComparer.Instance);

    public FlatParameters(IReadOnlyList<Linear> layers)
    {
        var size = layers.Sum(layer => layer.weight!.numel() + layer.bias!.numel());
        Size = size;
        _storage = torch.empty(size);
        _gradient = torch.zeros(size);

        using var noGrad = torch.no_grad();
        long offset = 0;
        foreach (var layer in layers)
        {
            _offsets[layer] = (offset, offset + layer.weight!.numel());
            layer.weight = Rehome(layer.weight!, ref offset);
            layer.bias = Rehome(layer.bias!, ref offset);
        }

        Parameter = new Parameter(_storage.detach());
        Parameter.grad = _gradient;
    }

    /// <summary>All layer weights as one vector [P]; its gradient is the sum of the layers' gradients laid out alike.</summary>
    public Parameter Parameter { get; }

    /// <summary>Values in <see cref="Parameter"/>.</summary>
    public long Size { get; }

    /// <summary>Returns where <paramref name="layer"/>'s weight and bias start in <see cref="Parameter"/>.</summary>
    public (long Weight, long Bias) OffsetsOf(Linear layer) => _offsets[layer];

    /// <summary>Clears the gradients in place; the layers' gradients are views that must survive.</summary>
    public void ZeroGradients() => _gradient.zero_();

    public void Dispose()
    {
        Parameter.Dispose();
        _storage.Dispose();
        _gradient.Dispose();
    }

    private Parameter Rehome(Parameter parameter, ref long offset)
    {
        var count = parameter.numel();
        var slot = _storage.narrow(0, offset, count).view(parameter.shape);
        slot.copy_(parameter);
        var rehomed = new Parameter(slot.detach());
        rehomed.grad = _gradient.narrow(0, offset, count).view(parameter.shape);
        offset += count;
        return rehomed;
    }
}
