namespace AdminPortal.SyncRules.Ports;

/// <summary>
/// Periodic work that must run on one instance at a time (the fix-up schedule, the sweep of expired sync runs): before
/// each run an instance asks for the job's lease and runs only while it holds it. The holder keeps it from run to run;
/// when the holder dies the lease is free again, and the next instance to ask takes it over — within one interval.
/// </summary>
public interface IJobLeases
{
    /// <summary>Whether this instance holds (or has just taken) the job's lease.</summary>
    Task<bool> HoldAsync(string job, CancellationToken ct);
}

/// <summary>One process serves the portal (SQLite): it holds every lease.</summary>
public sealed class SingleProcessLeases : IJobLeases
{
    public Task<bool> HoldAsync(string job, CancellationToken ct) => Task.FromResult(true);
}
