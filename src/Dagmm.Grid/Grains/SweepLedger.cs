using System.Collections.Immutable;
using Dagmm.Grid.Contracts;

namespace Dagmm.Grid.Grains;

/// <summary>
/// The coordinator's bookkeeping of one sweep: which runs are pending, which silo holds which run
/// until when, and which have ended. It does no I/O, so the grain decides what to write and whom to
/// tell from the <see cref="LedgerChange"/> each method returns.
/// </summary>
internal sealed class SweepLedger
{
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<string, LedgerEntry> _byKey = new(StringComparer.Ordinal);

    /// <param name="runs">Run keys and settings JSON in the order of the sweep file.</param>
    /// <param name="maxAttempts">Dispatches of a run before a lost or expired lease counts as a failure.</param>
    public SweepLedger(IEnumerable<(string RunKey, string SettingsJson)> runs, int maxAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        MaxAttempts = maxAttempts;
        foreach (var (runKey, settingsJson) in runs)
        {
            var entry = new LedgerEntry(runKey, settingsJson);
            _entries.Add(entry);
            _byKey.Add(runKey, entry);
        }
    }

    public int MaxAttempts { get; }

    /// <summary>True after <see cref="Cancel"/>: nothing is leased or retried any more.</summary>
    public bool IsCancelled { get; private set; }

    public IReadOnlyList<LedgerEntry> Entries => _entries;

    /// <summary>True when no run is pending or running.</summary>
    public bool IsSettled => _entries.TrueForAll(entry => entry.Phase is not (RunPhase.Pending or RunPhase.Running));

    public int Count(RunPhase phase) => _entries.Count(entry => entry.Phase == phase);

    public int ReusedCount => _entries.Count(entry => entry.Reused);

    public LedgerEntry? Find(string runKey) => _byKey.GetValueOrDefault(runKey);

    /// <summary>Marks a run whose result the results folder already holds. Keys not in the sweep are ignored.</summary>
    public void MarkReused(string runKey, bool succeeded, string? error)
    {
        if (_byKey.TryGetValue(runKey, out var entry))
        {
            entry.Phase = succeeded ? RunPhase.Succeeded : RunPhase.Failed;
            entry.Error = error;
            entry.Reused = true;
        }
    }

    /// <summary>The dispatch count of every run that was dispatched and has not finished, by run key.</summary>
    public IReadOnlyDictionary<string, int> UnfinishedAttempts() =>
        _entries.Where(entry => entry.Attempt > 0 && !entry.IsFinished).ToDictionary(entry => entry.RunKey, entry => entry.Attempt, StringComparer.Ordinal);

    /// <summary>
    /// Raises the dispatch counts of pending runs to those an earlier coordinator activation wrote,
    /// so the maxAttempts limit spans activations. Keys not in the sweep and finished runs are ignored.
    /// </summary>
    public void RestoreAttempts(IReadOnlyDictionary<string, int> attempts)
    {
        foreach (var (runKey, attempt) in attempts)
        {
            if (_byKey.TryGetValue(runKey, out var entry) && entry.Phase == RunPhase.Pending)
            {
                entry.Attempt = Math.Max(entry.Attempt, attempt);
            }
        }
    }

    /// <summary>
    /// Fails the pending runs whose restored dispatch count already reached <see cref="MaxAttempts"/>:
    /// their last attempt was lost with an earlier coordinator activation and no silo reclaimed it.
    /// Returns them, so the caller can record them.
    /// </summary>
    public IReadOnlyList<LedgerEntry> FailExhaustedPending()
    {
        var exhausted = _entries.Where(entry => entry.Phase == RunPhase.Pending && entry.Attempt >= MaxAttempts && !IsCancelled).ToList();
        foreach (var entry in exhausted)
        {
            entry.Phase = RunPhase.Failed;
            entry.Error = $"no result after {entry.Attempt} attempts; last: attempt {entry.Attempt} was lost with the sweep's coordinator and no silo reclaimed it";
        }

        return exhausted;
    }

    /// <summary>Leases up to <paramref name="count"/> pending runs, first in sweep order, to <paramref name="silo"/>.</summary>
    public ImmutableArray<RunTicket> Lease(string sweepName, string silo, int count, DateTimeOffset now, TimeSpan duration) =>
        Lease(sweepName, silo, count, runsPerSlot: 1, runKey => runKey, now, duration);

    /// <summary>
    /// Leases to <paramref name="silo"/> the pending runs, first in sweep order, that fill at most
    /// <paramref name="slots"/> batches: runs with the same <paramref name="batchKeyOf"/> key, at
    /// most <paramref name="runsPerSlot"/> a batch, and no more than an even share of the pending
    /// runs, so that a few pending runs spread over the free slots instead of queuing in one.
    /// Tickets of one batch carry the same <see cref="RunTicket.Batch"/>.
    /// </summary>
    public ImmutableArray<RunTicket> Lease(string sweepName, string silo, int slots, int runsPerSlot, Func<string, string> batchKeyOf, DateTimeOffset now, TimeSpan duration)
    {
        if (IsCancelled || slots <= 0 || runsPerSlot <= 0)
        {
            return [];
        }

        var tickets = ImmutableArray.CreateBuilder<RunTicket>();
        var pendingRuns = _entries.Count(entry => entry.Phase == RunPhase.Pending);
        var batchSize = Math.Clamp((pendingRuns + slots - 1) / slots, 1, runsPerSlot);
        var newestBatch = new Dictionary<string, (int Batch, int Size)>(StringComparer.Ordinal);
        var batches = 0;
        foreach (var entry in _entries)
        {
            if (batches == slots && newestBatch.Values.All(batch => batch.Size == batchSize))
            {
                break;
            }

            if (entry.Phase != RunPhase.Pending)
            {
                continue;
            }

            var key = batchKeyOf(entry.RunKey);
            if (newestBatch.TryGetValue(key, out var batch) && batch.Size < batchSize)
            {
                newestBatch[key] = (batch.Batch, batch.Size + 1);
            }
            else if (batches < slots)
            {
                newestBatch[key] = (batches, 1);
                batches++;
            }
            else
            {
                continue;
            }

            entry.Phase = RunPhase.Running;
            entry.Attempt++;
            entry.LeaseId = Guid.NewGuid();
            entry.Silo = silo;
            entry.LeasedAt = now;
            entry.LeaseExpiresAt = now + duration;
            tickets.Add(new RunTicket
            {
                Batch = newestBatch[key].Batch,
                SweepName = sweepName,
                RunKey = entry.RunKey,
                SettingsJson = entry.SettingsJson,
                Attempt = entry.Attempt,
                LeaseId = entry.LeaseId,
                LeaseExpiresAt = entry.LeaseExpiresAt,
            });
        }

        return tickets.ToImmutable();
    }

    /// <summary>
    /// Extends <paramref name="lease"/> when it is the run's current lease. A pending run whose last
    /// attempt is not newer than the lease is adopted by the renewing silo, so a coordinator that lost
    /// its memory, or expired a lease a moment too early, does not train the run twice. A renewal of
    /// the lease that finished the run is ignored rather than revoked.
    /// </summary>
    public LedgerChange Renew(RunLease lease, string silo, DateTimeOffset now, TimeSpan duration)
    {
        if (!_byKey.TryGetValue(lease.RunKey, out var entry))
        {
            return LedgerChange.Revoked;
        }

        if (entry.Phase == RunPhase.Running && entry.LeaseId == lease.LeaseId)
        {
            entry.LeaseExpiresAt = now + duration;
            return LedgerChange.Renewed;
        }

        // The silo's renewal crossed its own completion: the run is over, so there is nothing to stop.
        if (entry.IsFinished && entry.LeaseId == lease.LeaseId)
        {
            return LedgerChange.Ignored;
        }

        if (entry.Phase == RunPhase.Pending && !IsCancelled && lease.Attempt >= entry.Attempt)
        {
            entry.Phase = RunPhase.Running;
            entry.Attempt = lease.Attempt;
            entry.LeaseId = lease.LeaseId;
            entry.Silo = silo;
            entry.LeasedAt ??= now;
            entry.LeaseExpiresAt = now + duration;
            return LedgerChange.Adopted;
        }

        return LedgerChange.Revoked;
    }

    /// <summary>
    /// Applies a silo's completion. A written result (succeeded or failed) counts whichever attempt
    /// sent it, because the run file exists; the first one wins and later ones are duplicates. A
    /// cancelled or abandoned attempt counts only while its lease is current.
    /// </summary>
    public LedgerChange Complete(RunCompletion completion, out LedgerEntry? entry)
    {
        entry = _byKey.GetValueOrDefault(completion.RunKey);
        if (entry is null)
        {
            return LedgerChange.Ignored;
        }

        if (completion.Outcome is RunOutcome.Succeeded or RunOutcome.Failed)
        {
            if (entry.IsFinished)
            {
                return LedgerChange.Duplicate;
            }

            entry.Phase = completion.Outcome == RunOutcome.Succeeded ? RunPhase.Succeeded : RunPhase.Failed;
            entry.Error = completion.Error;
            entry.Attempt = Math.Max(entry.Attempt, completion.Attempt);
            entry.LeaseId = completion.LeaseId;
            entry.Silo = completion.Silo;
            return LedgerChange.Recorded;
        }

        if (entry.Phase != RunPhase.Running || entry.LeaseId != completion.LeaseId)
        {
            return entry.IsFinished ? LedgerChange.Duplicate : LedgerChange.Ignored;
        }

        return Release(entry, completion.Error);
    }

    /// <summary>
    /// Takes back every run whose lease ran out, or whose silo <paramref name="isSiloDead"/> reports
    /// dead, and returns each with what happened to it.
    /// </summary>
    public IReadOnlyList<(LedgerEntry Entry, LedgerChange Change)> Expire(DateTimeOffset now, Func<string, bool> isSiloDead)
    {
        var expired = new List<(LedgerEntry, LedgerChange)>();
        foreach (var entry in _entries)
        {
            if (entry.Phase != RunPhase.Running)
            {
                continue;
            }

            var siloDead = entry.Silo is not null && isSiloDead(entry.Silo);
            if (entry.LeaseExpiresAt <= now || siloDead)
            {
                var reason = siloDead
                    ? $"silo {entry.Silo} died during attempt {entry.Attempt}"
                    : $"lease of attempt {entry.Attempt} on silo {entry.Silo} expired";
                expired.Add((entry, Release(entry, reason)));
            }
        }

        return expired;
    }

    /// <summary>Cancels the sweep: pending runs become cancelled at once. Returns the running runs, which the caller must stop.</summary>
    public IReadOnlyList<LedgerEntry> Cancel()
    {
        IsCancelled = true;
        foreach (var entry in _entries.Where(entry => entry.Phase == RunPhase.Pending))
        {
            entry.Phase = RunPhase.Cancelled;
        }

        return _entries.Where(entry => entry.Phase == RunPhase.Running).ToList();
    }

    // An attempt ended without a result: cancelled when the sweep is, failed after the last allowed
    // attempt, otherwise pending for another silo.
    private LedgerChange Release(LedgerEntry entry, string? reason)
    {
        entry.LeasedAt = null;
        if (IsCancelled)
        {
            entry.Phase = RunPhase.Cancelled;
            return LedgerChange.Recorded;
        }

        if (entry.Attempt >= MaxAttempts)
        {
            entry.Phase = RunPhase.Failed;
            entry.Error = $"no result after {entry.Attempt} attempts; last: {reason ?? "unknown reason"}";
            return LedgerChange.Exhausted;
        }

        entry.Phase = RunPhase.Pending;
        return LedgerChange.Retried;
    }
}
