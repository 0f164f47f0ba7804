using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// A fully connected layer y = x W^T + b whose W [out, in] and b [out] are views into one flat
/// parameter vector shared by the whole network. One parameter tensor lets Adam, gradient clipping
/// and zero_grad run as a handful of large operations instead of a few per layer.
/// </summary>
internal sealed class FlatLinear(int offset, int inFeatures, int outFeatures)
{
    public int InFeatures { get; } = inFeatures;

    public int OutFeatures { get; } = outFeatures;

    /// <summary>Position of W in the flat vector; b follows it.</summary>
    public int Offset { get; } = offset;

    /// <summary>Number of values this layer occupies in the flat vector: W then b.</summary>
    public int Size => OutFeatures * InFeatures + OutFeatures;

    public Tensor Weight(Tensor flat) => flat.narrow(0, Offset, OutFeatures * InFeatures).view(OutFeatures, InFeatures);

    public Tensor Bias(Tensor flat) => flat.narrow(0, Offset + OutFeatures * InFeatures, OutFeatures);

    public Tensor Forward(Tensor flat, Tensor input) => nn.functional.linear(input, Weight(flat), Bias(flat));
}
