using AdminPortal.Data.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using AdminPortal.Data.Queries;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Fixup;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Tests;

/// <summary>The real services over the real store, once on SQLite and once on PostgreSQL.</summary>
public abstract class StoreScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    protected PortalDbContextFactory Factory = null!;
    private SyncStore store = null!;
    private Tenant tenant = null!;
    private SyncService sync = null!;
    private FixupService fixup = null!;

    public async Task InitializeAsync()
    {
        Factory = await TestDatabases.NewMigratedAsync(provider);
        store = new SyncStore(Factory);
        tenant = await Tenants().CreateAsync(new NewTenant("Contoso", "contoso.onmicrosoft.com", new DateTimeOffset(2016, 9, 1, 0, 0, 0, TimeSpan.Zero),
            [new("contoso.com", "Managed")]), "test", default);
        (sync, fixup) = Services(new TenantLocks());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private TenantService Tenants() => new(new TenantStore(Factory), TimeProvider.System);

    private (SyncService, FixupService) Services(TenantLocks locks) =>
        (SyncWiring.Sync(Factory, locks, TimeProvider.System),
         new FixupService(store, locks, TimeProvider.System));

    private static IncomingObject User(string anchor, string upn, params string[] proxies) => new()
    {
        ObjectType = "user", SourceAnchor = anchor, DisplayName = "User " + anchor, UserPrincipalName = upn, ProxyAddresses = proxies,
    };

    private Task<BatchOutcome> SyncAsync(params IncomingObject[] objects) =>
        sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", objects), "client", default);

    private async Task<DirectoryObject> LoadAsync(Guid id)
    {
        await using var db = Factory.CreateDbContext();
        return (await SyncStore.LoadObjectsAsync(db, [id], default)).Single();
    }

    [ProviderFact]
    public async Task The_dashboard_counts_synced_and_cloud_only_objects_of_its_tenant_only()
    {
        await SyncAsync(User("a1", "ann@contoso.com"), User("a2", "bo@contoso.com"));
        await new CloudDirectoryService(store, new TenantLocks(), TimeProvider.System)
            .CreateAsync(tenant.Id, new NewCloudObject(ObjectType.User, "Cy (cloud)", "cy@contoso.com"), "alice", default);
        var other = await Tenants().CreateAsync(new NewTenant("Fabrikam", "fabrikam.onmicrosoft.com", DateTimeOffset.UtcNow, [new("fabrikam.com", "Managed")]), "test", default);
        await sync.ApplyBatchAsync(other.Id, new SyncBatchRequest("delta", [User("f1", "fay@fabrikam.com")]), "client", default);

        var dashboard = new DashboardQueries(Factory, new ConflictQueries(Factory), new BatchQueries(Factory));
        var health = await dashboard.HealthAsync(tenant.Id, default);
        Assert.Equal((2, 1), (health.SyncedObjects, health.CloudOnlyObjects));
        var empty = await Tenants().CreateAsync(new NewTenant("Empty", "empty.onmicrosoft.com", DateTimeOffset.UtcNow, [new("empty.com", "Managed")]), "test", default);
        var none = await dashboard.HealthAsync(empty.Id, default);
        Assert.Equal((0, 0), (none.SyncedObjects, none.CloudOnlyObjects));
    }

    [ProviderFact]
    public async Task A_duplicate_upn_is_quarantined_and_restored_by_fixup_once_released()
    {
        await SyncAsync(User("a1", "joe@contoso.com"));
        var second = (await SyncAsync(User("a2", "joe@contoso.com"))).Results.Single();
        var stored = await LoadAsync(second.ObjectId!.Value);
        Assert.Matches(@"^joe\+\d{4}@contoso\.onmicrosoft\.com$", stored.UserPrincipalName);
        Assert.Equal("joe@contoso.com", stored.Quarantine.Single().Value);

        await SyncAsync(User("a1", "joe.old@contoso.com"));
        var released = await fixup.RunAsync(tenant.Id, "test", default);
        Assert.Equal(second.ObjectId, released.Single().ObjectId);
        stored = await LoadAsync(second.ObjectId!.Value);
        Assert.Equal("joe@contoso.com", stored.UserPrincipalName);
        Assert.Empty(stored.Quarantine);
    }

    [ProviderFact]
    public async Task An_object_round_trips_with_its_proxies_quarantine_and_history()
    {
        await SyncAsync(User("g0", "ann@contoso.com", "SMTP:taken@contoso.com"));
        var r = (await SyncAsync(User("a1", "joe@contoso.com", "SMTP:joe@contoso.com", "smtp:J@contoso.com", "smtp:taken@contoso.com",
            "X500:/o=Contoso/cn=joe"))).Results.Single();
        var o = await LoadAsync(r.ObjectId!.Value);
        Assert.Equal("SMTP:joe@contoso.com", o.ProxyAddresses[0].Value);
        Assert.Equal(["SMTP:joe@contoso.com", "X500:/o=Contoso/cn=joe", "smtp:J@contoso.com"], o.ProxyAddresses.Select(p => p.Value).Order(StringComparer.Ordinal));
        Assert.Equal("smtp:taken@contoso.com", o.Quarantine.Single().Value);
        Assert.True(o.SyncEnabled);
        Assert.Equal("a1", o.ImmutableId);
        await using var db = Factory.CreateDbContext();
        var record = RowMapper.ToMatch(await db.MatchRecords.SingleAsync(m => m.ObjectId == o.Id));
        Assert.Equal(3, record.Steps.Count);
        var batch = await db.SyncBatches.OrderBy(b => b.ReceivedDateTime).LastAsync();
        Assert.Equal(1, batch.Created);
        var result = RowMapper.ToResult(await db.BatchResults.SingleAsync(x => x.BatchId == batch.Id));
        Assert.Equal("smtp:taken@contoso.com", result.Quarantined.Single().Value);
    }

    [ProviderFact]
    public async Task A_small_delta_on_a_large_tenant_finds_the_holders_by_index_lookup()
    {
        // 40 objects and a batch of one: the store looks keys up rather than scanning the tenant.
        await SyncAsync(Enumerable.Range(0, 40).Select(i => User("a" + i, $"u{i}@contoso.com", $"SMTP:u{i}@contoso.com")).ToArray());
        var r = (await SyncAsync(User("late", "u7@contoso.com", "SMTP:late@contoso.com", "smtp:u8@contoso.com"))).Results.Single();
        Assert.Equal(["UserPrincipalName", "ProxyAddress"], r.Quarantined.Select(q => q.PropertyCausingError));
        var update = (await SyncAsync(User("a3", "u3@contoso.com", "SMTP:u3@contoso.com") with { DisplayName = "renamed" })).Results.Single();
        Assert.Equal(ObjectOutcome.Updated, update.Outcome);
    }

    [ProviderFact]
    public async Task The_same_batch_twice_leaves_the_store_as_it_was()
    {
        IncomingObject[] batch = [User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"), User("a2", "joe@contoso.com")];
        await SyncAsync(batch);
        var before = await SnapshotAsync();
        var again = await SyncAsync(batch);
        Assert.All(again.Results, r => Assert.Equal(ObjectOutcome.Unchanged, r.Outcome));
        Assert.Equal(before, await SnapshotAsync());
    }

    [ProviderFact]
    public async Task Two_writers_racing_for_one_upn_cannot_both_take_it()
    {
        // Two services with their own locks stand for two processes: only the database keeps them apart.
        var (other, _) = Services(new TenantLocks());
        var first = SyncAsync(Enumerable.Range(0, 200).Select(i => User("a" + i, $"u{i}@contoso.com")).ToArray());
        var second = other.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta",
            Enumerable.Range(0, 200).Select(i => User("b" + i, $"u{i}@contoso.com")).ToArray()), "client", default);
        await Task.WhenAll(first, second);
        await using var db = Factory.CreateDbContext();
        Assert.Equal(400, await db.DirectoryObjects.CountAsync());
        Assert.Equal(200, await db.Quarantine.CountAsync());
        Assert.Equal(200, await db.DirectoryObjects.CountAsync(o => o.UpnNormalized!.EndsWith("@contoso.com")));
    }

    [ProviderFact]
    public async Task A_write_that_breaks_a_unique_index_is_rolled_back_whole()
    {
        var changes = new DirectoryChanges();
        foreach (var name in new[] { "x", "y" })
        {
            var o = new DirectoryObject(Guid.NewGuid(), tenant.Id, ObjectType.Contact, name, DateTimeOffset.UtcNow);
            o.SetProxyAddresses([ProxyAddress.PrimarySmtp("same@contoso.com")]);
            changes.Add(o);
        }
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => store.SaveAsync(tenant.Id, changes, default));
        await using var db = Factory.CreateDbContext();
        Assert.Equal(0, await db.DirectoryObjects.CountAsync());
        Assert.Equal(0, await db.ProxyAddresses.CountAsync());
    }

    [ProviderFact]
    public async Task A_stale_version_is_refused()
    {
        var id = (await SyncAsync(User("a1", "joe@contoso.com"))).Results.Single().ObjectId!.Value;
        var stale = await LoadAsync(id);
        await SyncAsync(User("a1", "joe@contoso.com") with { DisplayName = "changed" });
        var changes = new DirectoryChanges();
        stale.AssignLicenses([Guid.NewGuid()], []);
        changes.Modify(stale);
        await Assert.ThrowsAsync<ConcurrentChangeException>(() => store.SaveAsync(tenant.Id, changes, default));
        Assert.Equal("changed", (await LoadAsync(id)).DisplayName);
    }

    [ProviderFact]
    public async Task Failures_are_stored_and_resolved_when_the_object_succeeds_and_a_new_failure_starts_over()
    {
        var old = await Tenants().CreateAsync(new NewTenant("Old", "old.onmicrosoft.com", new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero),
            [new("old.com", "Managed")]), "test", default);
        Task<BatchOutcome> Send(params IncomingObject[] o) => sync.ApplyBatchAsync(old.Id, new SyncBatchRequest("delta", o), "client", default);
        await Send(User("a1", "joe@old.com"));
        await Send(User("a2", "joe@old.com"));
        await Send(User("a2", "joe@old.com"));
        await using (var db = Factory.CreateDbContext())
            Assert.Equal(2, (await db.SyncFailures.SingleAsync(f => f.TenantId == old.Id)).Attempts);
        await Send(User("a2", "joe2@old.com"));
        await using (var db = Factory.CreateDbContext())
        {
            Assert.False(await db.SyncFailures.Unresolved().AnyAsync(f => f.TenantId == old.Id));
            Assert.NotNull((await db.SyncFailures.SingleAsync(f => f.TenantId == old.Id)).ResolvedDateTime);
        }
        await Send(User("a2", "joe@old.com"));
        await using (var db = Factory.CreateDbContext())
        {
            var again = await db.SyncFailures.SingleAsync(f => f.TenantId == old.Id);
            Assert.Equal((1, null), (again.Attempts, again.ResolvedDateTime));
        }
    }

    [ProviderFact]
    public async Task A_full_sync_deletes_what_it_leaves_out()
    {
        await SyncAsync(User("a1", "a1@contoso.com", "SMTP:a1@contoso.com"), User("a2", "a2@contoso.com", "SMTP:a2@contoso.com"));
        var full = await sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("full", [User("a1", "a1@contoso.com", "SMTP:a1@contoso.com")]), "client", default);
        Assert.Equal(1, full.Batch.Counts.Deleted);
        await using var db = Factory.CreateDbContext();
        Assert.Equal(1, await db.DirectoryObjects.CountAsync());
        Assert.Equal(1, await db.ProxyAddresses.CountAsync());
    }

    [ProviderFact]
    public async Task Feature_changes_are_stored_with_their_audit_and_a_tenant_domain_is_unique()
    {
        var features = new FeatureService(new TenantStore(Factory), TimeProvider.System, NullLogger<FeatureService>.Instance);
        await features.SetByAdminAsync(tenant.Id, new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.BlockSoftMatch] = true }, "alice", default);
        var reloaded = await store.FindTenantAsync(tenant.Id, default);
        Assert.True(reloaded!.Features.IsEnabled(DirSyncFeature.BlockSoftMatch));
        Assert.Equal("alice", reloaded.Features[DirSyncFeature.BlockSoftMatch].ChangedBy);
        await using (var db = Factory.CreateDbContext())
            Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "feature.enable" && a.Actor == "alice"));
        var duplicate = await Assert.ThrowsAsync<DomainException>(() =>
            Tenants().CreateAsync(new NewTenant("Again", "CONTOSO.onmicrosoft.com", null, []), "test", default));
        Assert.Equal("DuplicateTenant", duplicate.Code);
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var db = Factory.CreateDbContext();
        return (await db.DirectoryObjects.Include(o => o.ProxyAddresses).Include(o => o.Quarantine).ToListAsync())
            .Select(o => $"{o.Id} v{o.Version} {o.UserPrincipalName} {o.LastSyncDateTime:O} {o.ProxyAddresses.Count} {o.Quarantine.Count}")
            .Order().ToList();
    }
}

public sealed class StoreOnSqlite() : StoreScenarios(DatabaseProvider.Sqlite);

public sealed class StoreOnPostgres() : StoreScenarios(DatabaseProvider.Postgres);

[SqlServer]
public sealed class StoreOnSqlServer() : StoreScenarios(DatabaseProvider.SqlServer);
