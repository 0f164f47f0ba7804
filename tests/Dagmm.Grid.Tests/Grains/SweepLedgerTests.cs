using Dagmm.Grid.Contracts;
using Dagmm.Grid.Grains;

namespace Dagmm.Grid.Tests.Grains;

public sealed class SweepLedgerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(60);

    private static SweepLedger CreateLedger(int runs, int maxAttempts = 3) =>
        new(Enumerable.Range(1, runs).Select(index => ($"sweep/run-{index}", "{}")), maxAttempts);

    private static RunCompletion Completion(RunTicket ticket, RunOutcome outcome, string silo = "silo-a") => new()
    {
        RunKey = ticket.RunKey,
        LeaseId = ticket.LeaseId,
        Attempt = ticket.Attempt,
        Silo = silo,
        Outcome = outcome,
    };

    private static RunLease Lease(RunTicket ticket) => new() { RunKey = ticket.RunKey, LeaseId = ticket.LeaseId, Attempt = ticket.Attempt };

    [Fact]
    public void Lease_batches_same_key_runs()
    {
        // Keys by run: a a b a c b a -> with 2 slots of 2 runs: [1, 2] for a and [3, 6] for b.
        var keys = new[] { "a", "a", "b", "a", "c", "b", "a" };
        var ledger = CreateLedger(keys.Length);

        var tickets = ledger.Lease("sweep", "silo-a", 2, 2, runKey => keys[int.Parse(runKey["sweep/run-".Length..]) - 1], s_start, s_lease);
        var rest = ledger.Lease("sweep", "silo-b", 3, 2, runKey => keys[int.Parse(runKey["sweep/run-".Length..]) - 1], s_start, s_lease);

        Assert.Equal(["sweep/run-1", "sweep/run-2", "sweep/run-3", "sweep/run-6"], tickets.Select(ticket => ticket.RunKey));
        Assert.Equal(["sweep/run-4", "sweep/run-5", "sweep/run-7"], rest.Select(ticket => ticket.RunKey));
    }

    [Fact]
    public void Lease_numbers_reply_batches()
    {
        var keys = new[] { "a", "b", "a", "a", "b", "a", "a", "b" };
        var ledger = CreateLedger(keys.Length);

        var tickets = ledger.Lease("sweep", "silo-a", 3, 2, runKey => keys[int.Parse(runKey["sweep/run-".Length..]) - 1], s_start, s_lease);

        Assert.Equal(["sweep/run-1", "sweep/run-2", "sweep/run-3", "sweep/run-4", "sweep/run-5", "sweep/run-6"], tickets.Select(ticket => ticket.RunKey));
        Assert.Equal([0, 1, 0, 2, 1, 2], tickets.Select(ticket => ticket.Batch));
    }

    [Fact]
    public void Lease_spreads_few_runs_over_slots()
    {
        var ledger = CreateLedger(3);

        var tickets = ledger.Lease("sweep", "silo-a", 2, 5, _ => "same", s_start, s_lease);

        // Three runs over two slots: batches of at most two, not one batch of three.
        Assert.Equal([0, 0, 1], tickets.Select(ticket => ticket.Batch));
    }

    [Fact]
    public void Lease_takes_pending_runs_in_order()
    {
        var ledger = CreateLedger(3);

        var first = ledger.Lease("sweep", "silo-a", 2, s_start, s_lease);
        var second = ledger.Lease("sweep", "silo-b", 2, s_start, s_lease);

        Assert.Equal(["sweep/run-1", "sweep/run-2"], first.Select(ticket => ticket.RunKey));
        Assert.Equal(["sweep/run-3"], second.Select(ticket => ticket.RunKey));
        Assert.All(first.Concat(second), ticket => Assert.Equal(1, ticket.Attempt));
        Assert.Equal(s_start + s_lease, first[0].LeaseExpiresAt);
    }

    [Fact]
    public void Lease_nothing_for_zero_slots()
    {
        var ledger = CreateLedger(2);

        Assert.Empty(ledger.Lease("sweep", "silo-a", 0, s_start, s_lease));
        Assert.Equal(2, ledger.Count(RunPhase.Pending));
    }

    [Fact]
    public void Complete_twice_records_once()
    {
        var ledger = CreateLedger(1);
        var ticket = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];

        var first = ledger.Complete(Completion(ticket, RunOutcome.Succeeded), out _);
        var second = ledger.Complete(Completion(ticket, RunOutcome.Failed), out _);

        Assert.Equal(LedgerChange.Recorded, first);
        Assert.Equal(LedgerChange.Duplicate, second);
        Assert.Equal(1, ledger.Count(RunPhase.Succeeded));
        Assert.Equal(0, ledger.Count(RunPhase.Failed));
        Assert.True(ledger.IsSettled);
    }

    [Fact]
    public void Expired_lease_makes_run_pending()
    {
        var ledger = CreateLedger(1);
        var ticket = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];

        var notYet = ledger.Expire(s_start + s_lease - TimeSpan.FromSeconds(1), _ => false);
        var expired = ledger.Expire(s_start + s_lease, _ => false);
        var retry = ledger.Lease("sweep", "silo-b", 1, s_start + s_lease, s_lease);

        Assert.Empty(notYet);
        Assert.Equal(LedgerChange.Retried, Assert.Single(expired).Change);
        Assert.Equal(2, Assert.Single(retry).Attempt);
        Assert.NotEqual(ticket.LeaseId, retry[0].LeaseId);
    }

    [Fact]
    public void Dead_silo_releases_run_before_expiry()
    {
        var ledger = CreateLedger(1);
        ledger.Lease("sweep", "silo-a", 1, s_start, s_lease);

        var expired = ledger.Expire(s_start, silo => silo == "silo-a");

        Assert.Equal(LedgerChange.Retried, Assert.Single(expired).Change);
        Assert.Equal(1, ledger.Count(RunPhase.Pending));
    }

    [Fact]
    public void Last_attempt_lost_fails_run()
    {
        var ledger = CreateLedger(1, maxAttempts: 2);
        var now = s_start;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            ledger.Lease("sweep", "silo-a", 1, now, s_lease);
            now += s_lease;
            ledger.Expire(now, _ => false);
        }

        var entry = ledger.Entries[0];
        Assert.Equal(RunPhase.Failed, entry.Phase);
        Assert.Equal(2, entry.Attempt);
        Assert.StartsWith("no result after 2 attempts", entry.Error);
        Assert.True(ledger.IsSettled);
    }

    [Fact]
    public void Restored_attempts_continue_counting()
    {
        var ledger = CreateLedger(2, maxAttempts: 3);

        ledger.RestoreAttempts(new Dictionary<string, int> { ["sweep/run-1"] = 2, ["sweep/absent"] = 1 });
        var tickets = ledger.Lease("sweep", "silo-a", 2, s_start, s_lease);

        Assert.Equal([3, 1], tickets.Select(ticket => ticket.Attempt));
        Assert.Equal(new Dictionary<string, int> { ["sweep/run-1"] = 3, ["sweep/run-2"] = 1 }, ledger.UnfinishedAttempts());
    }

    [Fact]
    public void Restored_last_attempt_fails_run()
    {
        var ledger = CreateLedger(2, maxAttempts: 2);
        ledger.RestoreAttempts(new Dictionary<string, int> { ["sweep/run-1"] = 2 });

        var exhausted = ledger.FailExhaustedPending();
        var tickets = ledger.Lease("sweep", "silo-a", 2, s_start, s_lease);

        var failed = Assert.Single(exhausted);
        Assert.Equal("sweep/run-1", failed.RunKey);
        Assert.Equal(RunPhase.Failed, failed.Phase);
        Assert.StartsWith("no result after 2 attempts; last: attempt 2 was lost with the sweep's coordinator", failed.Error);
        Assert.Equal("sweep/run-2", Assert.Single(tickets).RunKey);
    }

    [Fact]
    public void Restore_ignores_finished_runs()
    {
        var ledger = CreateLedger(1, maxAttempts: 2);
        ledger.MarkReused("sweep/run-1", succeeded: true, error: null);

        ledger.RestoreAttempts(new Dictionary<string, int> { ["sweep/run-1"] = 5 });

        Assert.Empty(ledger.FailExhaustedPending());
        Assert.Equal(0, ledger.Entries[0].Attempt);
        Assert.Empty(ledger.UnfinishedAttempts());
    }

    [Fact]
    public void Renew_extends_current_lease()
    {
        var ledger = CreateLedger(1);
        var ticket = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];
        var later = s_start + TimeSpan.FromSeconds(50);

        var change = ledger.Renew(Lease(ticket), "silo-a", later, s_lease);
        var expired = ledger.Expire(s_start + s_lease, _ => false);

        Assert.Equal(LedgerChange.Renewed, change);
        Assert.Empty(expired);
        Assert.Equal(later + s_lease, ledger.Entries[0].LeaseExpiresAt);
    }

    [Fact]
    public void Renew_of_superseded_lease_revoked()
    {
        var ledger = CreateLedger(1);
        var old = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];
        ledger.Expire(s_start + s_lease, _ => false);
        ledger.Lease("sweep", "silo-b", 1, s_start + s_lease, s_lease);

        var change = ledger.Renew(Lease(old), "silo-a", s_start + s_lease, s_lease);

        Assert.Equal(LedgerChange.Revoked, change);
        Assert.Equal("silo-b", ledger.Entries[0].Silo);
    }

    [Fact]
    public void Renew_after_own_completion_ignored()
    {
        var ledger = CreateLedger(1);
        var ticket = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];
        ledger.Complete(Completion(ticket, RunOutcome.Succeeded), out _);

        var change = ledger.Renew(Lease(ticket), "silo-a", s_start + TimeSpan.FromSeconds(5), s_lease);

        Assert.Equal(LedgerChange.Ignored, change);
        Assert.Equal(RunPhase.Succeeded, ledger.Entries[0].Phase);
    }

    [Fact]
    public void Renew_adopts_unknown_lease_of_pending_run()
    {
        // A fresh ledger stands for a coordinator that reactivated while silo-a still trains the run.
        var ledger = CreateLedger(1);
        var lease = new RunLease { RunKey = "sweep/run-1", LeaseId = Guid.NewGuid(), Attempt = 1 };

        var change = ledger.Renew(lease, "silo-a", s_start, s_lease);
        var leasedAfter = ledger.Lease("sweep", "silo-b", 1, s_start, s_lease);

        Assert.Equal(LedgerChange.Adopted, change);
        Assert.Empty(leasedAfter);
        Assert.Equal(RunPhase.Running, ledger.Entries[0].Phase);
        Assert.Equal(lease.LeaseId, ledger.Entries[0].LeaseId);
    }

    [Fact]
    public void Late_result_of_older_attempt_counts_once()
    {
        var ledger = CreateLedger(1);
        var old = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];
        ledger.Expire(s_start + s_lease, _ => false);
        var current = ledger.Lease("sweep", "silo-b", 1, s_start + s_lease, s_lease)[0];

        var late = ledger.Complete(Completion(old, RunOutcome.Succeeded), out _);
        var renewal = ledger.Renew(Lease(current), "silo-b", s_start + s_lease, s_lease);
        var currentResult = ledger.Complete(Completion(current, RunOutcome.Succeeded, "silo-b"), out _);

        Assert.Equal(LedgerChange.Recorded, late);
        Assert.Equal(LedgerChange.Revoked, renewal);
        Assert.Equal(LedgerChange.Duplicate, currentResult);
        Assert.Equal(1, ledger.Count(RunPhase.Succeeded));
    }

    [Fact]
    public void Stale_abandon_ignored()
    {
        var ledger = CreateLedger(1);
        var old = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];
        ledger.Expire(s_start + s_lease, _ => false);
        ledger.Lease("sweep", "silo-b", 1, s_start + s_lease, s_lease);

        var change = ledger.Complete(Completion(old, RunOutcome.Abandoned), out _);

        Assert.Equal(LedgerChange.Ignored, change);
        Assert.Equal(RunPhase.Running, ledger.Entries[0].Phase);
        Assert.Equal("silo-b", ledger.Entries[0].Silo);
    }

    [Fact]
    public void Cancel_stops_pending_and_leases()
    {
        var ledger = CreateLedger(3);
        var running = ledger.Lease("sweep", "silo-a", 1, s_start, s_lease)[0];

        var toStop = ledger.Cancel();
        var leasedAfter = ledger.Lease("sweep", "silo-a", 3, s_start, s_lease);
        var stopped = ledger.Complete(Completion(running, RunOutcome.Cancelled), out _);

        Assert.Equal([running.RunKey], toStop.Select(entry => entry.RunKey));
        Assert.Empty(leasedAfter);
        Assert.Equal(LedgerChange.Recorded, stopped);
        Assert.Equal(3, ledger.Count(RunPhase.Cancelled));
        Assert.True(ledger.IsSettled);
    }

    [Fact]
    public void Reused_run_never_leased()
    {
        var ledger = CreateLedger(2);

        ledger.MarkReused("sweep/run-1", succeeded: true, error: null);
        ledger.MarkReused("sweep/other-run", succeeded: true, error: null);
        var tickets = ledger.Lease("sweep", "silo-a", 2, s_start, s_lease);

        Assert.Equal(["sweep/run-2"], tickets.Select(ticket => ticket.RunKey));
        Assert.Equal(1, ledger.ReusedCount);
    }
}
