using AdminPortal.Data.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using AdminPortal.Data.Queries;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;

namespace AdminPortal.Data.Tests;

/// <summary>Previews of enabling a one-way feature, built from a real tenant's data, checked against what enabling then does.</summary>
public class FeaturePreviewScenarios : IAsyncLifetime
{
    private PortalDbContextFactory factory = null!;
    private Tenant tenant = null!;
    private SyncService sync = null!;
    private CloudDirectoryService cloud = null!;
    private FeaturePreviewQueries previews = null!;

    public async Task InitializeAsync()
    {
        factory = await TestDatabases.NewMigratedAsync(DatabaseProvider.Sqlite);
        // A 2015 tenant: every one-way feature is still off.
        tenant = await new TenantService(new TenantStore(factory), TimeProvider.System).CreateAsync(
            new NewTenant("Old", "old.onmicrosoft.com", new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero), [new("old.com", "Managed")]), "test", default);
        var locks = new TenantLocks();
        sync = SyncWiring.Sync(factory, locks, TimeProvider.System);
        cloud = new CloudDirectoryService(new SyncStore(factory), locks, TimeProvider.System);
        previews = new FeaturePreviewQueries(factory);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<BatchOutcome> Push(params IncomingObject[] objects) =>
        sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", objects), "client", default);

    private static IncomingObject User(string anchor, string upn, params string[] proxies) =>
        new() { ObjectType = "user", SourceAnchor = anchor, DisplayName = "User " + anchor, UserPrincipalName = upn, ProxyAddresses = proxies };

    private Task Enable(DirSyncFeature feature) => new FeatureService(new TenantStore(factory), TimeProvider.System, NullLogger<FeatureService>.Instance)
        .SetByAdminAsync(tenant.Id, new Dictionary<DirSyncFeature, bool> { [feature] = true }, "alice", default);

    [Fact]
    public async Task Upn_resiliency_preview_lists_the_objects_failing_on_a_duplicate_upn_and_enabling_quarantines_them()
    {
        await Push(User("a1", "joe@old.com"));
        await Push(User("a2", "joe@old.com"), User("a3", "x@old.com", "SMTP:x@old.com"), User("a4", "y@old.com", "SMTP:x@old.com"));
        var preview = await previews.PreviewAsync(tenant.Id, DirSyncFeature.DuplicateUpnResiliency, default);
        Assert.Equal("a2", Assert.Single(preview.Items).SourceAnchorOrUpn);
        Assert.Equal(1, (await previews.PreviewAsync(tenant.Id, DirSyncFeature.DuplicateProxyAddressResiliency, default)).Count);

        await Enable(DirSyncFeature.DuplicateUpnResiliency);
        var retried = (await Push(User("a2", "joe@old.com"))).Results.Single();
        Assert.Equal(ObjectOutcome.Created, retried.Outcome);
        Assert.Equal(0, (await previews.PreviewAsync(tenant.Id, DirSyncFeature.DuplicateUpnResiliency, default)).Count);
    }

    [Fact]
    public async Task Soft_match_on_upn_preview_lists_the_cloud_users_that_would_be_matched()
    {
        var lee = await cloud.CreateAsync(tenant.Id, new NewCloudObject(ObjectType.User, "Lee (cloud)", "lee@old.com"), "alice", default);
        var boss = await cloud.CreateAsync(tenant.Id, new NewCloudObject(ObjectType.User, "Boss (cloud)", "boss@old.com"), "alice", default);
        await cloud.AssignRoleAsync(tenant.Id, boss.Id, "62e90394-69f5-4237-9190-012177145e10", "alice", default);
        await Push(User("l1", "lee@old.com"), User("b1", "boss@old.com"));
        var preview = await previews.PreviewAsync(tenant.Id, DirSyncFeature.EnableSoftMatchOnUpn, default);
        Assert.Equal(lee.Id, Assert.Single(preview.Items).ObjectId);

        await Enable(DirSyncFeature.EnableSoftMatchOnUpn);
        var matched = (await Push(User("l1", "lee@old.com"))).Results.Single();
        Assert.Equal((MatchRule.SoftMatchUpn, lee.Id), (matched.MatchedBy!.Value, matched.ObjectId!.Value));
    }

    [Fact]
    public async Task Upn_sync_preview_lists_licensed_managed_users_whose_upn_differs_on_premises()
    {
        var id = (await Push(User("a1", "joe@old.com"))).Results.Single().ObjectId!.Value;
        await cloud.AssignLicensesAsync(tenant.Id, id, [Guid.NewGuid()], [], "alice", default);
        var blocked = (await Push(User("a1", "joseph@old.com"))).Results.Single();
        Assert.Contains("SynchronizeUpnForManagedUsers is off", blocked.Warnings.Single());
        var preview = await previews.PreviewAsync(tenant.Id, DirSyncFeature.SynchronizeUpnForManagedUsers, default);
        Assert.Contains("joseph@old.com", Assert.Single(preview.Items).Change);
    }
}
