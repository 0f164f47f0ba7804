using System.Runtime.InteropServices;
using Dagmm.Core.Datasets;
using Dagmm.Core.Mixtures;
using Dagmm.Core.Training;
using Dagmm.Grid.Contracts;
using Dagmm.Grid.Scheduling;
using Dagmm.Grid.Sweeps;

namespace Dagmm.Grid.Tests.Scheduling;

public sealed class TrainingRunTests
{
    // The shape of a libtorch error as TorchSharp raises it: a first line, then the native stack.
    private const string LibtorchMessage = "Expected false to be true, but got false.\nException raised from toFloat at /pytorch/c10/core/Scalar.h:140\nframe #0: c10::Error::Error";

    [Fact]
    public async Task Libtorch_error_hands_batch_back()
    {
        var batch = Batch(2);

        TrainingRun.ExecuteBatch(batch, _ => throw new ExternalException(LibtorchMessage));

        foreach (var run in batch)
        {
            var result = await run.Completion;
            Assert.Equal(RunStatus.Cancelled, result.Status);
            Assert.Equal(StopReason.NativeError, run.StopReason);
            Assert.Equal("libtorch error, run handed back: ExternalException: Expected false to be true, but got false.", result.Error);
        }
    }

    [Fact]
    public async Task Other_error_fails_with_first_line()
    {
        var batch = Batch(1);

        TrainingRun.ExecuteBatch(batch, _ => throw new InvalidOperationException("first line\nsecond line"));

        var result = await batch[0].Completion;
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(StopReason.None, batch[0].StopReason);
        Assert.Equal("InvalidOperationException: first line", result.Error);
    }

    [Fact]
    public async Task Libtorch_error_after_stop_request_cancels()
    {
        var batch = Batch(1);
        batch[0].Stop(StopReason.Requested);

        TrainingRun.ExecuteBatch(batch, _ => throw new ExternalException(LibtorchMessage));

        var result = await batch[0].Completion;
        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.Equal(StopReason.Requested, batch[0].StopReason);
        Assert.Equal("stopped before it finished", result.Error);
    }

    private static List<TrainingRun> Batch(int runs) =>
        Enumerable.Range(1, runs).Select(seed =>
        {
            var settings = RunSettings.ForPreset(DatasetId.Thyroid, MixtureSpec.Gaussian, seed);
            var run = new SweepRun($"s/thyroid/gaussian/seed-{seed}/cfg-test", settings);
            var ticket = new RunTicket
            {
                SweepName = "s",
                RunKey = run.RunKey,
                SettingsJson = "{}",
                Attempt = 1,
                LeaseId = Guid.NewGuid(),
                LeaseExpiresAt = DateTimeOffset.UtcNow.AddMinutes(1),
            };
            return new TrainingRun(ticket, run, DateTimeOffset.UtcNow);
        }).ToList();
}
