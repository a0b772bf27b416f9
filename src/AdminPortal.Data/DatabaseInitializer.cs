using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Data;

/// <summary>Brings the database to the latest migration: at start (SQLite, Development, Database:MigrateAtStartup) or by the migrate verb.</summary>
public sealed class DatabaseInitializer(PortalDbContextFactory factory, ILogger<DatabaseInitializer>? log = null)
{
    /// <summary>The last hand-written migration of release 1; its databases have exactly the schema of the first generated one.</summary>
    public const string LastReleaseOneMigration = "20261122000006_AccessKeys";
    private const string ReleaseOnePrefix = "20261122";

    private readonly ILogger logger = log ?? NullLogger<DatabaseInitializer>.Instance;

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        if (factory.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.OpenConnectionAsync(ct);
            // A new file's pages are 16 KB rather than SQLite's 4 KB. A commit's write-ahead log is indexed by one hash
            // table per 4,096 pages it wrote, and every page the commit reads that its cache lacks is looked for in all of
            // them: with 4 KB pages a 10,000,000-object commit spent 78% of its time there (docs/benchmarks.md). Larger
            // pages make that index a quarter as long for the same data. Only an empty file takes it; one that exists
            // keeps its page size.
            await db.Database.ExecuteSqlRawAsync("PRAGMA page_size=16384;", ct);
            // WAL lets readers (the portal) work while a batch writes; it persists in the file. Not inside a transaction.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await AdoptReleaseOneAsync(db, ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (pending.Count > 0) logger.LogInformation("Database migrated ({Provider}): applied {Migrations}", factory.Provider, string.Join(", ", pending));
    }

    /// <summary>The migrations not yet applied (a server database that is not migrated at start is checked with this).</summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet();
        // A release-1 database is adopted, not re-created: its first generated migration is not really pending.
        if (applied.Contains(LastReleaseOneMigration)) applied.Add(db.Database.GetMigrations().First());
        return db.Database.GetMigrations().Where(m => !applied.Contains(m)).ToList();
    }

    /// <summary>
    /// Release 1 built its schema with hand-written scripts (0001–0006) that equal the first generated migration, as its
    /// tests proved. Such a database is recorded as having that migration, so the later ones apply to it and no row is touched.
    /// </summary>
    private async Task AdoptReleaseOneAsync(PortalDbContext db, CancellationToken ct)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var baseline = db.Database.GetMigrations().First();
        if (!applied.Any(m => m.StartsWith(ReleaseOnePrefix, StringComparison.Ordinal)) || applied.Contains(baseline)) return;
        if (!applied.Contains(LastReleaseOneMigration))
            throw new InvalidOperationException(
                $"This database's schema is at {applied.Last()}, older than release 1's last migration ({LastReleaseOneMigration}). " +
                "Open it once with release 1, which brings it up to date, then with this release.");
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), ct);
        logger.LogInformation("Database of release 1 adopted ({Provider}): recorded {Baseline} as applied", factory.Provider, baseline);
    }
}
