using System.Data;
using System.Data.Common;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Stores;

/// <summary>
/// The tenant's write lock held by the database, so that writers on several instances take turns: a session-level
/// advisory lock on PostgreSQL, a session-owned application lock on SQL Server, each on a connection of its own kept
/// open while the lock is held. The database releases it when that connection ends, so an instance killed while it
/// holds a tenant does not hold it forever. Waiters of this process queue in process first, so one connection per
/// tenant and process waits at the database. SQLite is one process by nature: the in-process lock is the lock.
/// </summary>
public sealed class DatabaseTenantLocks(PortalDbContextFactory factory, TenantLocks inProcess) : ITenantLocks
{
    // PostgreSQL's two-key advisory locks: the first key says "a tenant's write lock" (so other uses of advisory locks
    // on the same database never collide with these), the second is the tenant's. Two tenants sharing a second key
    // would only take turns.
    private const int TenantWriteLock = 0x41505457;

    public async Task<IAsyncDisposable> AcquireAsync(Guid tenantId, CancellationToken ct)
    {
        var local = await inProcess.AcquireAsync(tenantId, ct);
        if (Statements(factory.Provider, tenantId) is not var (take, release)) return local;
        var db = factory.CreateDbContext();
        try
        {
            // Opened through EF Core, so that a database out of reach is said as such (DatabaseReachability).
            await db.Database.OpenConnectionAsync(ct);
            await ExecuteAsync(db.Database.GetDbConnection(), take, ct);
            return new Held(release, db, local);
        }
        catch
        {
            await db.DisposeAsync();
            await local.DisposeAsync();
            throw;
        }
    }

    /// <summary>How the provider takes and releases the tenant's lock for a session; none on SQLite.</summary>
    private static (string Take, string Release)? Statements(DatabaseProvider provider, Guid tenantId) => provider switch
    {
        DatabaseProvider.Postgres => (
            $"SELECT pg_advisory_lock({TenantWriteLock}, {KeyOf(tenantId)})",
            $"SELECT pg_advisory_unlock({TenantWriteLock}, {KeyOf(tenantId)})"),
        DatabaseProvider.SqlServer => (
            $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'{Resource(tenantId)}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1; IF @r < 0 THROW 50000, 'The tenant lock was not granted.', 1;",
            $"EXEC sp_releaseapplock @Resource = N'{Resource(tenantId)}', @LockOwner = 'Session'"),
        _ => null,
    };

    /// <summary>PostgreSQL's two keys of the tenant's lock (for a test that holds it from another process).</summary>
    internal static (int First, int Second) PostgresKeys(Guid tenantId) => (TenantWriteLock, KeyOf(tenantId));

    /// <summary>The tenant's second key: its id folded to 32 bits.</summary>
    private static int KeyOf(Guid tenantId)
    {
        Span<byte> bytes = stackalloc byte[16];
        tenantId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes) ^ BitConverter.ToInt32(bytes[4..]) ^ BitConverter.ToInt32(bytes[8..]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    private static string Resource(Guid tenantId) => $"adminportal-tenant-{tenantId:N}";

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        // Waiting for the lock is the point: no command timeout, the caller's cancellation ends the wait.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    private sealed class Held(string release, DbContext db, IAsyncDisposable local) : IAsyncDisposable
    {
        private int released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) != 0) return;
            try
            {
                var connection = db.Database.GetDbConnection();
                if (connection.State == ConnectionState.Open) await ExecuteAsync(connection, release, CancellationToken.None);
            }
            finally
            {
                // A connection that broke took its lock with it; either way it is closed here, and the next waiter goes.
                await db.DisposeAsync();
                await local.DisposeAsync();
            }
        }
    }
}
