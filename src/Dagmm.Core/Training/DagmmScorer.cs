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
    private const int ChunkRows = 65_536;

    /// <summary>
    /// Fits the mixture on <paramref name="train"/> [N, F] and returns the float64 moments, moved out
    /// of any dispose scope; the caller disposes them.
    /// </summary>
    /// <exception cref="TrainingFailedException">The features are non-finite or the covariance singular.</exception>
    public static MixtureParameters FitMixture(DagmmNetwork network, Tensor train, double initialJitter)
    {
        using var scope = torch.NewDisposeScope();
        var (features, gamma) = FeaturesAndGamma(network, train);
        if (!features.isfinite().all().item<bool>() || !gamma.isfinite().all().item<bool>())
        {
            throw new TrainingFailedException("the network produced non-finite features on the training split", 0);
        }

        try
        {
            return MixtureParameters.Fit(features, gamma, initialJitter).MoveToOuterDisposeScope();
        }
        catch (SingularCovarianceException error)
        {
            throw new TrainingFailedException(error.Message, 0);
        }
    }

    /// <summary>Returns the energy of every row of <paramref name="samples"/> [N, F] under <paramref name="mixture"/>.</summary>
    public static double[] Energies(DagmmNetwork network, Tensor samples, MixtureParameters mixture)
    {
        using var scope = torch.NewDisposeScope();
        var (features, _) = FeaturesAndGamma(network, samples);
        using var noGrad = torch.no_grad();
        var energy = MixtureEnergy.Compute(network.Mixture, features, mixture);
        return energy.data<double>().ToArray();
    }

    // Features and gamma in float64 for all rows, computed chunk by chunk in eval mode.
    private static (Tensor Features, Tensor Gamma) FeaturesAndGamma(DagmmNetwork network, Tensor samples)
    {
        using var noGrad = torch.no_grad();
        network.eval();
        var featureChunks = new List<Tensor>();
        var gammaChunks = new List<Tensor>();
        var rows = samples.shape[0];
        for (long start = 0; start < rows; start += ChunkRows)
        {
            var output = network.forward(samples.narrow(0, start, Math.Min(ChunkRows, rows - start)));
            featureChunks.Add(output.Features.to(ScalarType.Float64));
            gammaChunks.Add(output.Gamma.to(ScalarType.Float64));
        }

        return (torch.cat(featureChunks, 0), torch.cat(gammaChunks, 0));
    }
}
