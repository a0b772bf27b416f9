using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminPortal.Data.Stores;

/// <summary>
/// One transaction on one connection, with the bulk writer and the context for reads inside it: every store write goes
/// through one. Disposed without <see cref="CommitAsync"/>, it rolls back. A unique index tripped inside becomes a
/// <see cref="SyncRules.ConcurrentChangeException"/> (another writer took the value first), a database out of space a
/// <see cref="SyncRules.StorageFullException"/>, one another write held too long a <see cref="SyncRules.DatabaseBusyException"/>.
/// </summary>
internal sealed class WriteUnit : IAsyncDisposable
{
    private readonly PortalDbContext db;
    private readonly IDbContextTransaction tx;
    private readonly BulkWriter writer;

    private WriteUnit(PortalDbContext db, IDbContextTransaction tx)
    {
        (this.db, this.tx) = (db, tx);
        writer = new BulkWriter(db, db.Database.GetDbConnection(), tx.GetDbTransaction());
    }

    /// <summary>The context the unit reads through: its queries run inside the transaction and see what it wrote.</summary>
    public PortalDbContext Db => db;

    public static async Task<WriteUnit> BeginAsync(PortalDbContextFactory factory, CancellationToken ct)
    {
        var db = factory.CreateDbContext();
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            if (factory.Provider == DatabaseProvider.Sqlite)
                // A big write touches several indexes at once; SQLite's default 2 MB page cache would spill to disk. And
                // the write-ahead log a big commit grew (as large as all it wrote: 27.6 GB and growing after 93 minutes of
                // a 10,000,000-object commit) is cut back to 64 MB when the next write starts it over, instead of keeping
                // that much disk for good.
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -65536; PRAGMA journal_size_limit = 67108864;", ct);
            // SQLite takes the file's write lock here (BEGIN IMMEDIATE): this is where a write waits for another's commit.
            return new WriteUnit(db, await DatabaseErrors.StoredAsync(() => db.Database.BeginTransactionAsync(ct)));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes through the bulk writer, flushed before it returns, so the unit's next read sees it.</summary>
    public async Task RunAsync(Func<BulkWriter, Task> write, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            await DatabaseErrors.StoredAsync(async () =>
            {
                await write(writer);
                await writer.FlushAsync();
            });
        }
        catch (DbException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw new SyncRules.ConcurrentChangeException("Another writer took one of these values first: " + e.Message);
        }
    }

    /// <summary>Commits; SQLite writes most of a big transaction only now, so this is where its disk most often turns out full.</summary>
    public Task CommitAsync(CancellationToken ct) => DatabaseErrors.StoredAsync(() => tx.CommitAsync(ct));

    public async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        await tx.DisposeAsync();
        await db.DisposeAsync();
    }
}
