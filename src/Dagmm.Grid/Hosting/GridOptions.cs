namespace Dagmm.Grid.Hosting;

/// <summary>
/// Settings of one silo's part in the grid: its training slots, its folders, and the timing of
/// leases. Every silo of a cluster needs the same <see cref="ResultsDirectory"/> (shared storage
/// when silos run on several machines). <see cref="GridOptionsValidator"/> checks them at silo start.
/// </summary>
public sealed class GridOptions
{
    /// <summary>Runs this silo trains at once, each on its own thread. Default: one per processor.</summary>
    public int Slots { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Most runs one slot trains together as one batched model. Only runs of one sweep that differ
    /// just in their seed share a slot; their results do not depend on it. Default
    /// <see cref="DefaultRunsPerSlot"/>; 1 trains every run alone.
    /// </summary>
    // NOTE: the default ignores memory. Each kddcup99 run of a batch adds about 400 MB, so two
    // slots of five kddcup99 runs peaked at 7.3 to 8.3 GB in the paper sweeps.
    public int RunsPerSlot { get; set; } = DefaultRunsPerSlot;

    /// <summary>The seeds of one configuration in the paper sweeps train together.</summary>
    public const int DefaultRunsPerSlot = 5;

    /// <summary>
    /// Largest accepted <see cref="Slots"/>. Each slot is a training thread, so slots beyond the
    /// cores only share them, and 100,000 slots would start as many threads.
    /// </summary>
    public const int MaximumSlots = 256;

    /// <summary>Largest accepted <see cref="RunsPerSlot"/>.</summary>
    public const int MaximumRunsPerSlot = 64;

    /// <summary>The results folder: <c>&lt;sweep&gt;/sweep.json</c>, <c>runs/</c>, <c>scores/</c>, <c>summary.parquet</c>. Default <c>results</c>.</summary>
    public string ResultsDirectory { get; set; } = "results";

    /// <summary>The folder that holds the raw dataset files. Required; it must exist at silo start.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>How long a leased run stays with a silo that stops renewing it. Default 60 seconds.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a silo renews the leases of the runs it trains; at most half of <see cref="LeaseDuration"/>. Default 15 seconds.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often a silo sends each run's progress to its run grain. The reply carries cancellation,
    /// so it also bounds how long a cancelled run keeps training. Default 1 second.
    /// </summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a silo with free slots waits before asking again when no sweep had work for it. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether the sweep registry lists the unfinished sweeps of the results folder as running when it
    /// activates, so that silos resume them without a client. A standalone cluster wants this; an
    /// in-process silo that serves one submit does not. Default false.
    /// </summary>
    public bool ResumeUnfinishedSweeps { get; set; }

    /// <summary>
    /// How long a coordinator that reactivated with runs possibly still training holds back new
    /// leases, so silos can reclaim their runs by renewing: twice <see cref="RenewInterval"/>.
    /// </summary>
    public TimeSpan RecoveryGrace => RenewInterval * 2;
}
