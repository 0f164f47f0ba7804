using System.Globalization;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Tests.Support;
using Dagmm.Core.Training;
using TorchSharp;

namespace Dagmm.Core.Tests.Training;

[Collection(SerialCollection.Name)]
public class MemoryTests
{
    [Fact]
    public void TrainingStep_memory_stays_flat()
    {
        long residentAtEpoch5 = 0;
        long residentAtEpoch50 = 0;
        var progress = new InlineProgress(update =>
        {
            if (update.Epoch == 5)
            {
                residentAtEpoch5 = ResidentBytes();
            }
            else if (update.Epoch == 50)
            {
                residentAtEpoch50 = ResidentBytes();
            }
        });
        var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, 1) with { Epochs = 50 };

        DagmmRunner.Run(settings, SharedData.Directory, progress, CancellationToken.None);

        // A leak shows as growth; a drop only means earlier tests' garbage was finalised in between.
        var growth = (double)residentAtEpoch50 / residentAtEpoch5;
        Assert.True(growth <= 1.1, $"resident memory grew from {residentAtEpoch5 / 1048576} MB at epoch 5 to {residentAtEpoch50 / 1048576} MB at epoch 50");
    }

    [Fact]
    public void Freed_tensor_memory_stays_until_returned()
    {
        const long MiB = 1024 * 1024;
        TorchRuntime.EnsureLoaded();
        Assert.True(NativeAllocator.KeepFreedMemory());

        // Earlier tests leave garbage and freed memory behind. Finalise and return them first, so the
        // tensors below touch fresh pages and no collection between the readings frees other memory.
        CollectGarbage();
        NativeAllocator.ReturnFreedMemory();

        // 256 tensors of 1 MiB each: below the mmap threshold, so they come from the heap that training reuses.
        var start = ResidentBytes(collectGarbage: false);
        var tensors = Enumerable.Range(0, 256).Select(_ => torch.ones(MiB / sizeof(float))).ToList();
        tensors.ForEach(tensor => tensor.Dispose());
        var afterDispose = ResidentBytes(collectGarbage: false);
        NativeAllocator.ReturnFreedMemory();
        var afterReturn = ResidentBytes(collectGarbage: false);

        // Without the allocator settings, disposing would release almost all 256 MiB at once, and
        // without the return nothing would leave. One full test run saw the return release only
        // 193 MB, so the bound is half of the tensors' size.
        Assert.True(afterDispose - start >= 200 * MiB, $"resident memory went from {start / MiB} MB to {afterDispose / MiB} MB; the freed tensors should stay resident");
        Assert.True(afterDispose - afterReturn >= 128 * MiB, $"resident memory went from {afterDispose / MiB} MB to {afterReturn / MiB} MB; returning should release the freed tensors");
    }

    // Resident set size from /proc/self/statm, which counts libtorch's native allocations too.
    private static long ResidentBytes(bool collectGarbage = true)
    {
        if (collectGarbage)
        {
            CollectGarbage();
        }

        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }

    // Runs the finalizers of undisposed tensors too, which frees their native memory.
    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
