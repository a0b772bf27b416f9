using AdminPortal.Data.Tests.Fixtures;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Access;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Data.Tests;

/// <summary>
/// A database made by release 1 (its hand-written scripts 0001–0006, kept under Fixtures/Release1) opens under this
/// release with every row kept, and ends with exactly the schema a new database gets.
/// </summary>
public abstract class ReleaseOneUpgrade(DatabaseProvider provider)
{
    private static readonly string[] ReleaseOneMigrations =
    [
        "20261122000001_InitialSchema", "20261122000002_ObjectListIndex", "20261122000003_OnPremisesUserPrincipalName",
        "20261122000004_FixAtSourceNote", "20261122000005_QuarantineListIndexes", DatabaseInitializer.LastReleaseOneMigration,
    ];

    [Fact]
    public async Task A_release_one_database_is_upgraded_with_every_row_kept()
    {
        var factory = await ReleaseOneDatabaseAsync(ReleaseOneMigrations.Length);
        await WithColumnsAddedSinceAsync(factory, () => FillAsync(factory));
        var before = await EveryRowAsync(factory);
        Assert.True(before.Values.Count(rows => rows.Count > 0) >= 12, "the fixture data should reach nearly every table");

        await new DatabaseInitializer(factory).MigrateAsync();

        Assert.Equal(before, await EveryRowAsync(factory));
        await using var db = factory.CreateDbContext();
        Assert.Equal(db.Database.GetMigrations(), (await db.Database.GetAppliedMigrationsAsync()).Where(m => !ReleaseOneMigrations.Contains(m)));
        Assert.Equal(await SchemaAsync(await TestDatabases.NewMigratedAsync(provider)), await SchemaAsync(factory));
        // The new tables work on the upgraded database, and the new columns of old tables hold their defaults.
        db.DataProtectionKeys.Add(new() { FriendlyName = "k", Xml = "<key/>" });
        await db.SaveChangesAsync();
        Assert.False(await db.DirectoryObjects.AnyAsync(o => o.IsCloudManaged));
        Assert.True(await db.SyncFailures.AnyAsync());
        Assert.False(await db.SyncFailures.AnyAsync(f => f.ResolvedDateTime != null));
    }

    /// <summary>
    /// Columns the migrations after release one add to its tables. The fill writes rows with this release's code, which
    /// writes these columns too: they are added for the fill's time and dropped again before the upgrade (their rows
    /// kept), and the rows are compared without them.
    /// </summary>
    private static readonly (string Table, string Column, string Sqlite, string Postgres)[] ColumnsAddedSinceReleaseOne =
    [
        ("DirectoryObjects", "IsCloudManaged", "INTEGER NOT NULL DEFAULT 0", "boolean NOT NULL DEFAULT false"),
        ("SyncFailures", "ResolvedDateTime", "TEXT NULL", "timestamp with time zone NULL"),
    ];

    private async Task WithColumnsAddedSinceAsync(PortalDbContextFactory factory, Func<Task> fill)
    {
        await using var db = factory.CreateDbContext();
#pragma warning disable EF1002, EF1003 // The test's own DDL, no input.
        foreach (var (table, column, sqlite, postgres) in ColumnsAddedSinceReleaseOne)
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {(provider == DatabaseProvider.Sqlite ? sqlite : postgres)}");
        await fill();
        foreach (var (table, column, _, _) in ColumnsAddedSinceReleaseOne)
            await db.Database.ExecuteSqlRawAsync($"ALTER TABLE \"{table}\" DROP COLUMN \"{column}\"");
#pragma warning restore EF1002, EF1003
    }

    [Fact]
    public async Task A_database_older_than_release_one_is_refused_with_what_to_do()
    {
        var factory = await ReleaseOneDatabaseAsync(4);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new DatabaseInitializer(factory).MigrateAsync());
        Assert.Contains(DatabaseInitializer.LastReleaseOneMigration, refused.Message);
    }

    /// <summary>What release 1 left: its scripts run in order, each recorded in the history as its migration class did.</summary>
    private async Task<PortalDbContextFactory> ReleaseOneDatabaseAsync(int scripts)
    {
        var factory = new PortalDbContextFactory(TestDatabases.NewSettings(provider));
        await using var db = factory.CreateDbContext();
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateScript());
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Release1", provider.ToString());
        foreach (var (file, id) in Directory.GetFiles(folder, "*.sql").Order().Zip(ReleaseOneMigrations).Take(scripts))
        {
            foreach (var statement in File.ReadAllText(file).Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
#pragma warning disable EF1003 // The fixture's own DDL scripts, no input.
                await db.Database.ExecuteSqlRawAsync(statement + ";");
#pragma warning restore EF1003
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, "10.0.14")));
        }
        return factory;
    }

    /// <summary>Data in nearly every table, written by the real services (the release-1 schema is the model's).</summary>
    private static async Task FillAsync(PortalDbContextFactory factory)
    {
        var clock = TimeProvider.System;
        var store = new SyncStore(factory);
        var locks = new TenantLocks();
        var tenant = await new TenantService(new TenantStore(factory), clock).CreateAsync(new NewTenant("Contoso", "contoso.onmicrosoft.com",
            new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), [new("contoso.com", "Managed")]), "setup", default);
        await new FeatureService(new TenantStore(factory), clock, NullLogger<FeatureService>.Instance)
            .SetByAdminAsync(tenant.Id, new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.DuplicateUpnResiliency] = true }, "alice", default);
        IncomingObject User(string anchor, string upn, params string[] proxies) =>
            new() { ObjectType = "user", SourceAnchor = anchor, DisplayName = "User " + anchor, UserPrincipalName = upn, ProxyAddresses = proxies };
        var outcome = await ReleaseOneBatchAsync(factory, tenant.Id, new SyncBatchRequest("delta",
            // a2's UPN is quarantined (UPN resiliency on); a4's address fails (proxy resiliency off in a 2015 tenant).
            [User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"), User("a2", "joe@contoso.com"), User("a3", "ann@fabrikam.example"),
             User("a4", "max@contoso.com", "SMTP:joe@contoso.com")]), clock);
        var cloud = new CloudDirectoryService(store, locks, clock);
        var cloudUser = await cloud.CreateAsync(tenant.Id, new NewCloudObject(ObjectType.User, "Cloud Bob", "bob@contoso.com"), "alice", default);
        await cloud.AssignLicensesAsync(tenant.Id, cloudUser.Id, [Guid.NewGuid()], [], "alice", default);
        await cloud.AssignRoleAsync(tenant.Id, cloudUser.Id, "62e90394-69f5-4237-9190-012177145e10", "alice", default);
        var quarantined = outcome.Results.Single(r => r.SourceAnchor == "a2").ObjectId!.Value;
        await new ConflictResolutionService(store, locks, clock).MarkFixAtSourceAsync(tenant.Id, quarantined,
            ConflictProperty.UserPrincipalName, "joe@contoso.com", "Rename on premises.", "alice", default);
        await new AccessKeyService(new AccessKeyStore(factory), clock).IssueAsync("sync client", "Portal.SyncClient", tenant.Id, "alice", default);
    }

    /// <summary>
    /// A batch as release 1 stored it: decided by the engine, written whole, with its batch row and results (release 1 had
    /// no sync runs to stage it in, nor held exports to look up).
    /// </summary>
    private static async Task<DirectoryChanges> ReleaseOneBatchAsync(PortalDbContextFactory factory, Guid tenantId, SyncBatchRequest request, TimeProvider clock)
    {
        var store = new SyncStore(factory);
        var tenant = (await store.FindTenantAsync(tenantId, default))!;
        var batch = BatchValidator.Validate(request);
        var (index, changes, batchId, now) = (new DirectoryIndex([]), new DirectoryChanges(), Guid.CreateVersion7(), clock.GetUtcNow());
        SyncEngine.CreateDefault(new SharedRandomDigits()).DecideObjects(tenant, index, batch.Objects, batchId, now, changes);
        HashSet<string>? present = batch.Mode == SyncMode.Full ? new(StringComparer.Ordinal) : null;
        if (present is not null) SyncEngine.AddPresent(batch.Objects, present);
        SyncEngine.Conclude(tenant, index, batch.Mode, present, batch.Objects.Count, batchId, "client", now, changes);
        await store.SaveAsync(tenantId, changes, default);
        await using var db = factory.CreateDbContext();
        db.SyncBatches.Add(RowMapper.ToRow(changes.Batch!, tenantId));
        db.BatchResults.AddRange(changes.Results.Select((r, i) => RowMapper.ToRow(r, changes.Batch!.Id, i)));
        await db.SaveChangesAsync();
        return changes;
    }

    /// <summary>Tables the migrations after release one create: a release-one database has none of them to keep.</summary>
    private static readonly string[] AddedSinceReleaseOne = ["DataProtectionKeys", "SignInSessions", "HeldExports", "HeldDeletions", "SyncRuns", "StagedObjects", "SyncClients", "ChangeNotices"];

    /// <summary>Every row of every release-one table of the model, as text, per table.</summary>
    private static async Task<Dictionary<string, List<string>>> EveryRowAsync(PortalDbContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Where(t => !AddedSinceReleaseOne.Contains(t)).Distinct();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var result = new Dictionary<string, List<string>>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount)
                    .Where(i => !ColumnsAddedSinceReleaseOne.Any(c => c.Table == table && c.Column == reader.GetName(i)))
                    .Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
            rows.Sort(StringComparer.Ordinal);
            result[table] = rows;
        }
        return result;
    }

    /// <summary>Tables, columns (type, nullability), indexes and constraints as the database's catalogue describes them.</summary>
    private static async Task<List<string>> SchemaAsync(PortalDbContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        var sql = factory.Provider == DatabaseProvider.Sqlite
            ? """
              SELECT m.name || '.' || p.name || ' ' || p.type || (CASE WHEN p."notnull" = 1 THEN ' not null' ELSE '' END) || (CASE WHEN p.pk > 0 THEN ' pk' ELSE '' END)
              FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '\_\_EF%' ESCAPE '\'
              UNION ALL
              SELECT 'index ' || name || ' ' || (SELECT group_concat(i.name) FROM pragma_index_info(m.name) i) FROM sqlite_master m WHERE type = 'index' AND sql IS NOT NULL
              UNION ALL
              SELECT 'fk ' || m.name || '.' || f."from" || '->' || f."table" || '.' || f."to" || ' ' || f.on_delete
              FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'
              """
            : """
              SELECT table_name || '.' || column_name || ' ' || data_type || coalesce('(' || character_maximum_length || ')', '') || (CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END)
              FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory'
              UNION ALL
              SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'
              UNION ALL
              SELECT 'constraint ' || conname || ' ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace
                AND conrelid::regclass::text <> '"__EFMigrationsHistory"'
              """;
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}

public sealed class ReleaseOneUpgradeOnSqlite() : ReleaseOneUpgrade(DatabaseProvider.Sqlite);

public sealed class ReleaseOneUpgradeOnPostgres() : ReleaseOneUpgrade(DatabaseProvider.Postgres);
