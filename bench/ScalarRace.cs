using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Dagmm.Benchmarks;

/// <summary>
/// Shows whether a TorchSharp Scalar created by an implicit conversion from double can be freed
/// while a native call still reads it. One thread multiplies a small tensor by such temporaries,
/// another forces garbage collections and runs the finalizers. Prints how many multiplications
/// failed in libtorch or gave a wrong product.
/// </summary>
public static class ScalarRace
{
    public static void Run(double seconds)
    {
        using var values = torch.ones(16);
        var stop = false;
        long collections = 0;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                Interlocked.Increment(ref collections);
            }
        });
        collector.Start();

        var failures = 0;
        var wrongProducts = 0;
        var multiplications = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            multiplications++;
            var factor = 2.5 + multiplications % 7;
            try
            {
                using var product = values.mul(factor);
                if (product[0].item<float>() != (float)factor)
                {
                    wrongProducts++;
                }
            }
            catch (ExternalException error)
            {
                failures++;
                firstFailure ??= error.Message.Split('\n')[0];
            }
        }

        Volatile.Write(ref stop, true);
        collector.Join();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{multiplications} multiplications, {collections} forced collections: {failures} failed in libtorch, {wrongProducts} wrong products"));
        if (firstFailure is not null)
        {
            Console.WriteLine($"first failure: {firstFailure}");
        }
    }
}
