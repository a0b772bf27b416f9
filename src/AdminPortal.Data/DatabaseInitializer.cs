using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data;

/// <summary>Brings the database to the latest migration at start.</summary>
public sealed class DatabaseInitializer(PortalDbContextFactory factory)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets readers (the portal) work while a batch writes; it persists in the file. Not inside a transaction.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}
