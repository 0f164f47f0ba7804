using Dagmm.Core.Mixtures;
using Dagmm.Core.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Training;

/// <summary>
/// Scores samples with a trained network: the mixture moments come from the WHOLE training split
/// (not the last batch), fitted and evaluated in float64, with dropout off.
/// </summary>
public static class DagmmScorer
{
    // Rows per forward pass; bounds the activations alive at once (about 35 MB per 10,000 kddcup99 rows).
    private const int ChunkRows = 16_384;

    /// <summary>
    /// Fits the mixture on the features of <paramref name="train"/> [N, F] and returns the float64
    /// moments with the training energies under them. The caller disposes the moments.
    /// </summary>
    /// <exception cref="TrainingFailedException">The features are non-finite or the covariance singular.</exception>
    public static (MixtureParameters Mixture, double[] TrainEnergies) FitMixture(DagmmNetwork network, Tensor train, double initialJitter)
    {
        using var scope = torch.NewDisposeScope();
        var (features, gamma) = FeaturesAndGamma(network, train);
        MixtureParameters mixture;
        try
        {
            mixture = MixtureParameters.Fit(features, gamma, initialJitter);
        }
        catch (SingularCovarianceException error)
        {
            throw new TrainingFailedException($"fitting the mixture on the training split failed: {error.Message}", 0);
        }

        using var noGrad = torch.no_grad();
        var energies = MixtureEnergy.Compute(network.Mixture, features, mixture).data<double>().ToArray();
        return (mixture.MoveToOuterDisposeScope(), energies);
    }

    /// <summary>Returns the energy of every row of <paramref name="samples"/> [N, F] under <paramref name="mixture"/>.</summary>
    public static double[] Energies(DagmmNetwork network, Tensor samples, MixtureParameters mixture)
    {
        using var scope = torch.NewDisposeScope();
        var (features, _) = FeaturesAndGamma(network, samples);
        using var noGrad = torch.no_grad();
        return MixtureEnergy.Compute(network.Mixture, features, mixture).data<double>().ToArray();
    }

    // Features and gamma in float64 for all rows, computed chunk by chunk in eval mode; each chunk's
    // activations are freed before the next chunk runs.
    private static (Tensor Features, Tensor Gamma) FeaturesAndGamma(DagmmNetwork network, Tensor samples)
    {
        using var noGrad = torch.no_grad();
        network.eval();
        var featureChunks = new List<Tensor>();
        var gammaChunks = new List<Tensor>();
        var rows = samples.shape[0];
        for (long start = 0; start < rows; start += ChunkRows)
        {
            using var chunkScope = torch.NewDisposeScope();
            var output = network.forward(samples.narrow(0, start, Math.Min(ChunkRows, rows - start)));
            featureChunks.Add(output.Features.to(ScalarType.Float64).MoveToOuterDisposeScope());
            gammaChunks.Add(output.Gamma.to(ScalarType.Float64).MoveToOuterDisposeScope());
        }

        return (torch.cat(featureChunks, 0), torch.cat(gammaChunks, 0));
    }
}
