using AdminPortal.Data.Stores;
using AdminPortal.SyncRules;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Tests;

/// <summary>How the store meets the disk on SQLite: a full or busy database is said as such, and a big commit's log does not keep its size.</summary>
public class SqliteStorageTests
{
    // This many blobs of 4,000 bytes make a write-ahead log well past its 64 MB limit.
    private const int Pages = 20_000;

    [Fact]
    public async Task A_write_that_finds_the_database_full_is_a_storage_full_error_and_leaves_what_was_stored()
    {
        var factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        await using (var db = factory.CreateDbContext()) await db.Database.ExecuteSqlRawAsync("CREATE TABLE Scratch (Data BLOB)");
        await using (var unit = await WriteUnit.BeginAsync(factory, default))
        {
            // SQLite's own page limit stands for the disk: past it a write fails with SQLITE_FULL, as on a full disk.
            var pages = await unit.Db.Database.SqlQueryRaw<long>("SELECT page_count AS Value FROM pragma_page_count()").SingleAsync();
            var limit = $"PRAGMA max_page_count = {pages + 10}";
            await unit.Db.Database.ExecuteSqlRawAsync(limit);
            var full = await Assert.ThrowsAsync<StorageFullException>(() => unit.RunAsync(_ => unit.Db.Database.ExecuteSqlRawAsync(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) INSERT INTO Scratch SELECT randomblob(4096) FROM n"), default));
            Assert.Contains("out of space", full.Message);
            Assert.Contains("full", full.InnerException!.Message);
        }
        await using (var db = factory.CreateDbContext())
        {
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM Scratch").SingleAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
        }
    }

    [Fact]
    public async Task A_write_that_another_write_holds_off_past_the_timeout_is_a_busy_error_and_stores_nothing()
    {
        var migrated = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        var factory = new PortalDbContextFactory(migrated.Settings with { ConnectionString = migrated.Settings.ConnectionString + ";Default Timeout=1" });
        await using (var db = factory.CreateDbContext()) await db.Database.ExecuteSqlRawAsync("CREATE TABLE Scratch (Data BLOB)");
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection(migrated.Settings.ConnectionString))
        {
            await holder.OpenAsync();
            // The file's write lock, held as a commit holds it (disposed, the transaction rolls back and lets it go).
            await using var holding = holder.BeginTransaction(deferred: false);
            var busy = await Assert.ThrowsAsync<DatabaseBusyException>(() => WriteAsync(factory, 1));
            Assert.Contains("locked", busy.InnerException!.Message);
        }
        await using (var db = factory.CreateDbContext())
            Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM Scratch").SingleAsync());
        await WriteAsync(factory, 1);
    }

    [Fact]
    public async Task The_log_a_big_commit_grew_is_cut_back_to_its_limit_by_the_next_write()
    {
        var factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        var log = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(factory.Settings.ConnectionString).DataSource + "-wal";
        await using (var db = factory.CreateDbContext()) await db.Database.ExecuteSqlRawAsync("CREATE TABLE Scratch (Data BLOB)");
        await WriteAsync(factory, Pages);
        Assert.True(new FileInfo(log).Length > 64L << 20, $"the big commit's log is {new FileInfo(log).Length:N0} bytes");
        await WriteAsync(factory, 1);
        Assert.True(new FileInfo(log).Length <= 64L << 20, $"the log stayed at {new FileInfo(log).Length:N0} bytes");
    }

    [Fact]
    public async Task A_new_database_file_has_pages_of_16_KB_and_one_that_exists_keeps_its_own()
    {
        var factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        Assert.Equal(16384, await PageSizeAsync(factory));

        var file = Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(factory.Settings.ConnectionString).DataSource)!,
            $"pages-{Guid.NewGuid():N}.db");
        var older = new PortalDbContextFactory(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}"));
        await using (var db = older.CreateDbContext()) await db.Database.ExecuteSqlRawAsync("PRAGMA page_size=4096; CREATE TABLE Earlier (Id INTEGER)");
        await new DatabaseInitializer(older).MigrateAsync();
        Assert.Equal(4096, await PageSizeAsync(older));
        await using (var db = older.CreateDbContext()) Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task<long> PageSizeAsync(PortalDbContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        return await db.Database.SqlQueryRaw<long>("SELECT page_size AS Value FROM pragma_page_size()").SingleAsync();
    }

    private static async Task WriteAsync(PortalDbContextFactory factory, int pages)
    {
        await using var unit = await WriteUnit.BeginAsync(factory, default);
        await unit.RunAsync(_ => unit.Db.Database.ExecuteSqlAsync(
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {pages}) INSERT INTO Scratch SELECT randomblob(4000) FROM n"), default);
        await unit.CommitAsync(default);
    }
}
