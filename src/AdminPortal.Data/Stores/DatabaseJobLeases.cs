using System.Data;
using System.Data.Common;
using AdminPortal.SyncRules.Ports;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Stores;

/// <summary>
/// Job leases held by the database, as the tenant locks are: a session-level advisory lock on PostgreSQL, a
/// session-owned application lock on SQL Server, taken without waiting on a connection of the lease's own that stays
/// open while it is held. The database frees the lease when that connection ends — the instance stopped, crashed or
/// lost its connection — and the next instance to ask takes it over.
/// </summary>
public sealed class DatabaseJobLeases(PortalDbContextFactory factory) : IJobLeases, IAsyncDisposable
{
    // PostgreSQL's first key for job leases, apart from the tenant locks' (DatabaseTenantLocks).
    private const int JobLease = 0x4150_4A4C;
    private readonly Dictionary<string, DbContext> held = [];
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task<bool> HoldAsync(string job, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (held.TryGetValue(job, out var holding))
            {
                if (await AliveAsync(holding, ct)) return true;
                // The connection broke, and the lease went with it: ask again like any instance.
                held.Remove(job);
                await holding.DisposeAsync();
            }
            var db = factory.CreateDbContext();
            try
            {
                var connection = db.Database.GetDbConnection();
                await connection.OpenAsync(ct);
                if (await TryTakeAsync(connection, job, ct))
                {
                    held[job] = db;
                    return true;
                }
            }
            catch (DbException) { }
            await db.DisposeAsync();
            return false;
        }
        finally { gate.Release(); }
    }

    private async Task<bool> TryTakeAsync(DbConnection connection, string job, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = factory.Provider switch
        {
            DatabaseProvider.Postgres => $"SELECT pg_try_advisory_lock({JobLease}, {KeyOf(job)})",
            DatabaseProvider.SqlServer => $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'adminportal-job-{job}', @LockMode = 'Exclusive', " +
                                          "@LockOwner = 'Session', @LockTimeout = 0; SELECT CASE WHEN @r >= 0 THEN 1 ELSE 0 END",
            _ => throw new InvalidOperationException($"{factory.Provider} serves one process: it needs no job lease (SingleProcessLeases)."),
        };
        return Convert.ToBoolean(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> AliveAsync(DbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open) return false;
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(ct);
            return true;
        }
        catch (DbException) { return false; }
    }

    /// <summary>The two keys of a job's advisory lock on PostgreSQL, as pg_locks shows them (classid, objid): who holds it, for operators and tests.</summary>
    public static (int First, int Second) PostgresKeys(string job) => (JobLease, KeyOf(job));

    /// <summary>A job's name as PostgreSQL's second key: FNV-1a, the same in every process (string hashes are not).</summary>
    private static int KeyOf(string job)
    {
        var hash = 2166136261u;
        foreach (var c in job) hash = (hash ^ c) * 16777619u;
        return unchecked((int)hash);
    }

    /// <summary>Stopping gives every lease back at once (the connections close).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var db in held.Values) await db.DisposeAsync();
        held.Clear();
        gate.Dispose();
    }
}
