using Dagmm.Core.Model;
using TorchSharp;

namespace Dagmm.Core.Tests.Training;

public class DropoutMaskStreamTests
{
    // 1027 samples: neither layout's rows are whole multiples of the eight vector lanes, so both
    // the vector loops and the scalar tails are compared.
    private const int Samples = 1027;
    private const int Units = 10;

    [Fact]
    public void Masks_follow_the_documented_hash()
    {
        var stream = new DropoutMaskStream(seed: 42, rate: 0.3);
        var first = new float[Samples * Units];
        var second = new float[Samples * Units];

        stream.FillSampleMajor(first);
        stream.FillSampleMajor(second);

        Assert.Equal(ReferenceMask(42, draw: 0, 0.3, first.Length), first);
        Assert.Equal(ReferenceMask(42, draw: 1, 0.3, second.Length), second);
    }

    [Fact]
    public void Unit_major_layout_transposes_draw()
    {
        var rows = new DropoutMaskStream(seed: 7, rate: 0.2);
        var columns = new DropoutMaskStream(seed: 7, rate: 0.2);
        var sampleMajor = new float[Samples * Units];
        var unitMajor = new float[Samples * Units];

        for (var draw = 0; draw < 3; draw++)
        {
            rows.FillSampleMajor(sampleMajor);
            columns.FillUnitMajor(unitMajor, Samples, Units);

            for (var sample = 0; sample < Samples; sample++)
            {
                for (var unit = 0; unit < Units; unit++)
                {
                    Assert.Equal(sampleMajor[sample * Units + unit], unitMajor[unit * Samples + sample]);
                }
            }
        }
    }

    [Fact]
    public void Kept_share_matches_rate()
    {
        var mask = new float[1_000_000];

        new DropoutMaskStream(seed: 3, rate: 0.2).FillSampleMajor(mask);

        // Kept units are scaled by 1 / 0.8, and dropped ones are 0. The binomial standard deviation
        // of the kept share is 4e-4, and the bounds allow five of them.
        Assert.All(mask, value => Assert.True(value == 0f || value == 1.25f, $"mask value {value}"));
        Assert.InRange(mask.Count(value => value != 0) / (double)mask.Length, 0.798, 0.802);
    }

    [Fact]
    public void Successive_draws_are_independent()
    {
        var stream = new DropoutMaskStream(seed: 3, rate: 0.2);
        var first = new float[1_000_000];
        var second = new float[1_000_000];

        stream.FillSampleMajor(first);
        stream.FillSampleMajor(second);

        // Independent draws agree where both keep or both drop: 0.8^2 + 0.2^2 = 0.68, with a
        // binomial standard deviation of 5e-4.
        var agreeingShare = first.Zip(second).Count(pair => pair.First == pair.Second) / (double)first.Length;
        Assert.InRange(agreeingShare, 0.6775, 0.6825);
    }

    [Fact]
    public void Seeds_give_different_masks()
    {
        var firstSeedMask = new float[Samples * Units];
        var secondSeedMask = new float[Samples * Units];

        new DropoutMaskStream(seed: 1, rate: 0.5).FillSampleMajor(firstSeedMask);
        new DropoutMaskStream(seed: 2, rate: 0.5).FillSampleMajor(secondSeedMask);

        Assert.NotEqual(firstSeedMask, secondSeedMask);
    }

    [Fact]
    public void Sample_major_tensor_contains_draw()
    {
        using var scope = torch.NewDisposeScope();
        var expected = new float[Samples * Units];
        new DropoutMaskStream(seed: 9, rate: 0.1).FillSampleMajor(expected);

        var mask = new DropoutMaskStream(seed: 9, rate: 0.1).NextSampleMajor(Samples, Units);

        Assert.Equal([(long)Samples, Units], mask.shape);
        Assert.Equal(expected, mask.data<float>().ToArray());
    }

    // The definition in DropoutMaskStream's remarks, written out one element at a time: keys from
    // SplitMix64 of the seed and the draw number, then the top 24 bits of two MurmurHash3
    // finaliser rounds against the keep probability.
    private static float[] ReferenceMask(ulong seed, long draw, double rate, int elements)
    {
        static ulong SplitMix(ulong value)
        {
            value += 0x9E3779B97F4A7C15;
            value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9;
            value = (value ^ (value >> 27)) * 0x94D049BB133111EB;
            return value ^ (value >> 31);
        }

        static uint Murmur(uint value)
        {
            value = (value ^ (value >> 16)) * 0x85EBCA6B;
            value = (value ^ (value >> 13)) * 0xC2B2AE35;
            return value ^ (value >> 16);
        }

        var keys = SplitMix(seed ^ SplitMix((ulong)draw));
        var keep = 1 - rate;
        var threshold = (uint)Math.Round(keep * (1 << 24));
        var mask = new float[elements];
        for (var element = 0; element < elements; element++)
        {
            var bits = Murmur(Murmur((uint)element * 0x9E3779B9 + (uint)keys) ^ (uint)(keys >> 32)) >> 8;
            mask[element] = bits < threshold ? (float)(1 / keep) : 0f;
        }

        return mask;
    }
}
