namespace Dagmm.Grid.Grains;

/// <summary>What a renewal, completion or expiry did to a run in the <see cref="SweepLedger"/>.</summary>
internal enum LedgerChange
{
    /// <summary>Nothing: the run is unknown, or the message concerns a lease that is no longer current.</summary>
    Ignored,

    /// <summary>The lease was extended.</summary>
    Renewed,

    /// <summary>A pending run was given to the silo that renewed a lease this ledger did not know, such as after the coordinator reactivated.</summary>
    Adopted,

    /// <summary>The silo must stop the run.</summary>
    Revoked,

    /// <summary>The run ended (succeeded, failed or cancelled) with this message.</summary>
    Recorded,

    /// <summary>The run had already finished; the message repeats a completion.</summary>
    Duplicate,

    /// <summary>The attempt ended without a result and the run is pending again.</summary>
    Retried,

    /// <summary>The attempt ended without a result and it was the last allowed; the run failed.</summary>
    Exhausted,
}
