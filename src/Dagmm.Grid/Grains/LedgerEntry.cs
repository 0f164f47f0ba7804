using Dagmm.Grid.Contracts;

namespace Dagmm.Grid.Grains;

/// <summary>The coordinator's mutable record of one run; only <see cref="SweepLedger"/> changes it.</summary>
internal sealed class LedgerEntry(string runKey, string settingsJson)
{
    public string RunKey { get; } = runKey;

    public string SettingsJson { get; } = settingsJson;

    public RunPhase Phase { get; set; } = RunPhase.Pending;

    /// <summary>Dispatches so far in this coordinator's lifetime, or the attempt of an adopted lease.</summary>
    public int Attempt { get; set; }

    /// <summary>The current or last lease; <see cref="Guid.Empty"/> before the first.</summary>
    public Guid LeaseId { get; set; }

    public string? Silo { get; set; }

    public DateTimeOffset? LeasedAt { get; set; }

    public DateTimeOffset LeaseExpiresAt { get; set; }

    public string? Error { get; set; }

    /// <summary>True when the result was already in the results folder when the sweep started.</summary>
    public bool Reused { get; set; }

    public bool IsFinished => Phase is RunPhase.Succeeded or RunPhase.Failed;

    public RunView ToView() => new()
    {
        RunKey = RunKey,
        Phase = Phase,
        Attempt = Attempt,
        Silo = Silo,
        LeasedAt = Phase == RunPhase.Running ? LeasedAt : null,
        Error = Error,
    };
}
