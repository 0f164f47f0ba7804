using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// What one forward pass of <see cref="DagmmNetwork"/> produces for a batch of N samples:
/// the latent code [N, L], the reconstruction [N, F], the Euclidean reconstruction error
/// ||x - x'|| of each row [N] (the loss squares it instead of recomputing the difference), the
/// features z = [latent, relative Euclidean error, cosine similarity] [N, L + 2] and the soft
/// assignments gamma [N, K].
/// </summary>
public sealed record DagmmForward(Tensor Latent, Tensor Reconstruction, Tensor ReconstructionError, Tensor Features, Tensor Gamma);
