using AdminPortal.Data.Tests.Fixtures;
using AdminPortal.SyncRules.ReadModels;
using Microsoft.Extensions.Logging.Abstractions;
using AdminPortal.Data.Queries;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;

namespace AdminPortal.Data.Tests;

/// <summary>
/// The conflict status rule is written once (ConflictRules.StatusRule) and run twice: by the database when the
/// conflicts list is filtered by status, and in memory for what each row shows. Over the same rows — every case of
/// the rule, made by real batches, cloud writes and notes — both give every conflict the same status.
/// </summary>
public abstract class ConflictStatusParity(DatabaseProvider provider) : IAsyncLifetime
{
    private PortalDbContextFactory factory = null!;
    private Tenant tenant = null!;
    private SyncService sync = null!;
    private CloudDirectoryService cloud = null!;
    private ConflictResolutionService resolution = null!;

    public async Task InitializeAsync()
    {
        factory = await TestDatabases.NewMigratedAsync(provider);
        // A 2024 tenant: both resiliency features on, so duplicates are quarantined, not failed.
        tenant = await new TenantService(new TenantStore(factory), TimeProvider.System).CreateAsync(
            new NewTenant("Parity", "parity.onmicrosoft.com", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), [new("parity.com", "Managed")]), "test", default);
        var locks = new TenantLocks();
        sync = SyncWiring.Sync(factory, locks, TimeProvider.System);
        cloud = new CloudDirectoryService(new SyncStore(factory), locks, TimeProvider.System);
        resolution = new ConflictResolutionService(new SyncStore(factory), locks, TimeProvider.System);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<BatchOutcome> Push(params IncomingObject[] objects) =>
        sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", objects), "client", default);

    private static IncomingObject User(string anchor, string upn, params string[] proxies) =>
        new() { ObjectType = "user", SourceAnchor = anchor, DisplayName = "User " + anchor, UserPrincipalName = upn, ProxyAddresses = proxies };

    private static IncomingObject Deleted(string anchor) => new() { ObjectType = "user", SourceAnchor = anchor, IsDeleted = true };

    [ProviderFact]
    public async Task The_database_and_the_page_give_every_conflict_the_same_status()
    {
        // A UPN and an address held by a synced object: manual fix.
        await Push(User("a1", "joe@parity.com", "SMTP:joe@parity.com", "smtp:team@parity.com"));
        await Push(User("a2", "joe@parity.com", "SMTP:joe2@parity.com", "smtp:team@parity.com"));
        // Addresses held by cloud-only objects (a secondary address: no soft match): not started, and once noted, manual fix.
        await cloud.CreateAsync(tenant.Id, new NewCloudObject(ObjectType.User, "Cloud Ann", "ann@parity.com", ProxyAddresses: ["SMTP:ann@parity.com", "smtp:sales@parity.com", "smtp:help@parity.com"]), "alice", default);
        var pushed = await Push(User("a3", "a3@parity.com", "SMTP:a3@parity.com", "smtp:sales@parity.com"), User("a4", "a4@parity.com", "SMTP:a4@parity.com", "smtp:help@parity.com"));
        var a4 = pushed.Results.Single(r => r.SourceAnchor == "a4").ObjectId!.Value;
        await resolution.MarkFixAtSourceAsync(tenant.Id, a4, ConflictProperty.ProxyAddress, "smtp:help@parity.com", "Remove it from Ann on premises.", "olga", default);
        // A UPN and an address nobody holds any more: pending sync.
        await Push(User("a5", "kim@parity.com", "SMTP:kim@parity.com", "smtp:desk@parity.com"));
        await Push(User("a6", "kim@parity.com", "SMTP:kim6@parity.com", "smtp:desk@parity.com"));
        await Push(Deleted("a5"));

        var queries = new ConflictQueries(factory);
        var all = (await queries.ListAsync(tenant.Id, new ConflictFilter(), 1000, null, default)).Items;
        Assert.Equal(6, all.Count);
        foreach (var status in Enum.GetValues<ConflictStatus>())
        {
            var inMemory = all.Where(c => c.Status == status).Select(Key).Order().ToList();
            var inDatabase = (await queries.ListAsync(tenant.Id, new ConflictFilter(Status: status), 1000, null, default)).Items.Select(Key).Order().ToList();
            Assert.NotEmpty(inMemory);
            Assert.Equal(inMemory, inDatabase);
        }
        Assert.Equal(3, all.Count(c => c.Status == ConflictStatus.ManualFixRequired));
    }

    private static string Key(ConflictEntry c) => $"{c.Quarantined.DisplayName} {c.Property} {c.Value}";
}

public sealed class ConflictStatusParityOnSqlite() : ConflictStatusParity(DatabaseProvider.Sqlite);

public sealed class ConflictStatusParityOnPostgres() : ConflictStatusParity(DatabaseProvider.Postgres);

[SqlServer]
public sealed class ConflictStatusParityOnSqlServer() : ConflictStatusParity(DatabaseProvider.SqlServer);
