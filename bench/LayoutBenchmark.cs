using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Benchmarks;

/// <summary>
/// Compares the two layouts a batch of R runs can compute in: samples first ([R, N, width], the
/// batched network before 2026-12-05) and features first ([R, width, N], since then). Times the
/// forward and backward pass of the thyroid preset's layers (6-12-4-1-4-12-6, estimation 3-10-2)
/// on random data, and a Euclidean norm along either dimension, alternating layouts within one
/// process so the ratios hold on a shared machine.
/// </summary>
public static class LayoutBenchmark
{
    private static readonly int[] s_widths = [6, 12, 4, 1, 4, 12, 6];
    private const int LatentLayer = 2;

    public static void Run(int runs, int steps)
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(1);
        var weights = new List<Tensor>();
        var biases = new List<Tensor>();
        int[] estimation = [3, 10, 2];
        var widths = s_widths.Concat([-1]).Concat(estimation).ToArray();
        for (var i = 0; i + 1 < widths.Length; i++)
        {
            if (widths[i] < 0 || widths[i + 1] < 0)
            {
                continue;
            }

            weights.Add(torch.randn([runs, widths[i + 1], widths[i]], generator: generator).mul_(0.3).requires_grad_());
            biases.Add(torch.randn([runs, widths[i + 1]], generator: generator).mul_(0.1).requires_grad_());
        }

        var samplesFirst = torch.rand([runs, 1024, s_widths[0]], generator: generator);
        var featuresFirst = samplesFirst.transpose(1, 2).contiguous();
        for (var round = 1; round <= 3; round++)
        {
            var rows = Milliseconds(steps, () => Step(samplesFirst, weights, biases, featureDimension: 2));
            var columns = Milliseconds(steps, () => Step(featuresFirst, weights, biases, featureDimension: 1));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}, {runs} runs x 1024 samples, forward and backward: [R, N, width] {rows:F3} ms, [R, width, N] {columns:F3} ms, ratio {columns / rows:F2}"));
        }

        var values = torch.rand([5, 6, 1024], generator: generator);
        var library = Milliseconds(steps, () => _ = values.norm(1, keepdim: false));
        var summed = Milliseconds(steps, () => _ = values.square().sum(dim: 1).sqrt());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Euclidean norm along dimension 1 of [5, 6, 1024]: norm {library * 1000:F1} us, square-sum-sqrt {summed * 1000:F1} us"));
    }

    // Mean milliseconds of one call after 50 warm-up calls. Every call runs in its own dispose scope.
    private static double Milliseconds(int steps, Action step)
    {
        for (var i = 0; i < 50; i++)
        {
            using var scope = torch.NewDisposeScope();
            step();
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            using var scope = torch.NewDisposeScope();
            step();
        }

        return clock.Elapsed.TotalMilliseconds / steps;
    }

    // The autoencoder, a reconstruction error, the estimation network and softmax, then backward.
    private static void Step(Tensor input, List<Tensor> weights, List<Tensor> biases, long featureDimension)
    {
        var output = input;
        Tensor latent = null!;
        var autoencoderLayers = s_widths.Length - 1;
        for (var i = 0; i < autoencoderLayers; i++)
        {
            output = Linear(weights[i], biases[i], output, featureDimension);
            if (i == LatentLayer)
            {
                latent = output;
            }
            else if (i + 1 < autoencoderLayers)
            {
                output = output.tanh();
            }
        }

        var error = (input - output).square().sum(dim: featureDimension, keepdim: true);
        var features = torch.cat([latent, error, error.sqrt()], featureDimension);
        var hidden = Linear(weights[autoencoderLayers], biases[autoencoderLayers], features, featureDimension).tanh();
        var gamma = Linear(weights[autoencoderLayers + 1], biases[autoencoderLayers + 1], hidden, featureDimension).softmax(featureDimension);
        var loss = error.mean() + gamma.square().mean();
        foreach (var parameter in weights.Concat(biases))
        {
            parameter.grad?.zero_();
        }

        loss.backward();
    }

    // W x + b per run in either layout, with the elementwise form for a width of 1 as the batched network has.
    private static Tensor Linear(Tensor weight, Tensor bias, Tensor input, long featureDimension)
    {
        if (featureDimension == 1)
        {
            var columnBias = bias.unsqueeze(2);
            if (weight.shape[2] == 1)
            {
                return weight * input + columnBias;
            }

            return weight.shape[1] == 1
                ? (weight.transpose(1, 2) * input).sum(dim: 1, keepdim: true) + columnBias
                : weight.baddbmm(input, columnBias);
        }

        var rowBias = bias.unsqueeze(1);
        if (weight.shape[2] == 1)
        {
            return input * weight.transpose(1, 2) + rowBias;
        }

        return weight.shape[1] == 1
            ? (input * weight).sum(dim: -1, keepdim: true) + rowBias
            : input.baddbmm(weight.transpose(1, 2), rowBias);
    }
}
