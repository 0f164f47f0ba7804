using Dagmm.Core.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>
/// Tensors over the scaled rows of <see cref="PreparedData"/> that share its arrays instead of
/// copying them; torch.tensor would keep a second copy (about 90 MB per split for kddcup99).
/// The arrays must not change while a tensor is in use.
/// </summary>
public static class PreparedDataTensors
{
    /// <summary>Returns the training split as [rows, features], sharing <see cref="PreparedData.Train"/>.</summary>
    public static Tensor TrainTensor(this PreparedData data) =>
        torch.frombuffer(data.Train, ScalarType.Float32).view(data.TrainRows, data.FeatureCount);

    /// <summary>Returns the test split as [rows, features], sharing <see cref="PreparedData.Test"/>.</summary>
    public static Tensor TestTensor(this PreparedData data) =>
        torch.frombuffer(data.Test, ScalarType.Float32).view(data.TestRows, data.FeatureCount);
}
