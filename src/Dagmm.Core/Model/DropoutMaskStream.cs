using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Core.Model;

/// <summary>
/// One run's inverted-dropout masks: each draw keeps every unit of every sample with probability
/// 1 - rate and scales the kept ones by 1 / (1 - rate). Element j of draw d (j = sample * units +
/// unit) is decided by a hash of (seed, d, j), so a run's masks depend only on its seed and on how
/// many steps it has taken, whatever runs share its batch and whatever layout stores the mask.
/// </summary>
/// <remarks>
/// libtorch's generator-driven rand took 35 microseconds for one thyroid mask ([1024, 10]), and the
/// five runs of a batch drew five masks every step: about a quarter of the batch's forward pass.
/// The hash runs eight elements at a time in vector registers and writes straight into the mask
/// tensor's memory. Each element takes the top 24 bits of two rounds of the MurmurHash3 finaliser,
/// compared against the keep probability in units of 2^-24, as torch.rand's float32 does.
/// </remarks>
internal sealed class DropoutMaskStream
{
    private const uint IndexMultiplier = 0x9E3779B9;

    private readonly ulong _seed;
    private readonly uint _keepThreshold;
    private readonly float _keptScale;
    private long _draws;

    public DropoutMaskStream(ulong seed, double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rate, 1.0);
        _seed = seed;
        var keep = 1.0 - rate;
        _keepThreshold = (uint)Math.Round(keep * (1 << 24));
        _keptScale = (float)(1.0 / keep);
    }

    /// <summary>Returns the next draw as a sample-major [samples, units] float32 tensor.</summary>
    public Tensor NextSampleMajor(long samples, long units)
    {
        var mask = torch.empty([samples, units], dtype: ScalarType.Float32);
        FillSampleMajor(MemoryMarshal.Cast<byte, float>(mask.bytes));
        return mask;
    }

    /// <summary>Writes the next draw into <paramref name="destination"/>, element j at index j.</summary>
    public void FillSampleMajor(Span<float> destination)
    {
        var (first, second) = NextKeys();
        var keptValue = Vector256.Create(_keptScale);
        var threshold = Vector256.Create((int)_keepThreshold);
        var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
        var index = 0;
        for (; index + 8 <= destination.Length; index += 8)
        {
            var keptLanes = Vector256.LessThan(Hash(Vector256.Create((uint)index) + lanes, first, second).AsInt32(), threshold);
            Vector256.ConditionalSelect(keptLanes.AsSingle(), keptValue, Vector256<float>.Zero).StoreUnsafe(ref destination[index]);
        }

        for (; index < destination.Length; index++)
        {
            destination[index] = Hash((uint)index, first, second) < _keepThreshold ? _keptScale : 0f;
        }
    }

    /// <summary>
    /// Writes the next draw for <paramref name="samples"/> samples of <paramref name="units"/>
    /// units into a unit-major [units, samples] <paramref name="destination"/>, the layout of the
    /// batched network: element j = sample * units + unit lands at unit * samples + sample.
    /// </summary>
    public void FillUnitMajor(Span<float> destination, int samples, int units)
    {
        if (destination.Length != samples * units)
        {
            throw new ArgumentException($"a [{units}, {samples}] mask needs {samples * units} elements, got {destination.Length}", nameof(destination));
        }

        var (first, second) = NextKeys();
        var keptValue = Vector256.Create(_keptScale);
        var threshold = Vector256.Create((int)_keepThreshold);
        var sampleStep = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7) * (uint)units;
        for (var unit = 0; unit < units; unit++)
        {
            var row = destination.Slice(unit * samples, samples);
            var sample = 0;
            for (; sample + 8 <= samples; sample += 8)
            {
                var elements = Vector256.Create((uint)(sample * units + unit)) + sampleStep;
                var keptLanes = Vector256.LessThan(Hash(elements, first, second).AsInt32(), threshold);
                Vector256.ConditionalSelect(keptLanes.AsSingle(), keptValue, Vector256<float>.Zero).StoreUnsafe(ref row[sample]);
            }

            for (; sample < samples; sample++)
            {
                row[sample] = Hash((uint)(sample * units + unit), first, second) < _keepThreshold ? _keptScale : 0f;
            }
        }
    }

    // Two 32-bit keys per draw from SplitMix64 of the seed and the draw number.
    private (uint First, uint Second) NextKeys()
    {
        var mixed = SplitMix64(_seed ^ SplitMix64((ulong)_draws++));
        return ((uint)mixed, (uint)(mixed >> 32));
    }

    private static ulong SplitMix64(ulong value)
    {
        value += 0x9E3779B97F4A7C15;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EB;
        return value ^ (value >> 31);
    }

    // A 24-bit hash of element j under the draw's keys. The scalar and vector forms compute the same bits.
    private static uint Hash(uint element, uint first, uint second) =>
        Finalise(Finalise(element * IndexMultiplier + first) ^ second) >> 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Hash(Vector256<uint> elements, uint first, uint second) =>
        Vector256.ShiftRightLogical(Finalise(Finalise(elements * IndexMultiplier + Vector256.Create(first)) ^ Vector256.Create(second)), 8);

    // The MurmurHash3 32-bit finaliser, a bijection of 32-bit values that mixes every input bit into every output bit.
    private static uint Finalise(uint value)
    {
        value ^= value >> 16;
        value *= 0x85EBCA6B;
        value ^= value >> 13;
        value *= 0xC2B2AE35;
        return value ^ (value >> 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Finalise(Vector256<uint> value)
    {
        value ^= Vector256.ShiftRightLogical(value, 16);
        value *= 0x85EBCA6B;
        value ^= Vector256.ShiftRightLogical(value, 13);
        value *= 0xC2B2AE35;
        return value ^ Vector256.ShiftRightLogical(value, 16);
    }
}
