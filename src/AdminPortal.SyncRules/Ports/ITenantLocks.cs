namespace AdminPortal.SyncRules.Ports;

/// <summary>
/// One writer of a tenant at a time: a sync batch or run, a fix-up, an admin's change. Held from the read a decision is
/// made on to the write that stores it, so two writers never decide on the same state. In process on SQLite (one
/// process by nature); across instances on PostgreSQL and SQL Server, where the database holds the lock and lets it go
/// when the holder's connection ends, a crashed instance included.
/// </summary>
public interface ITenantLocks
{
    /// <summary>Waits for the tenant's lock; disposing the answer releases it.</summary>
    Task<IAsyncDisposable> AcquireAsync(Guid tenantId, CancellationToken ct);
}
