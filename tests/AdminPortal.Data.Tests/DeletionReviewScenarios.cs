using AdminPortal.Data.Tests.Fixtures;
using AdminPortal.Data.Queries;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Data.Tests;

/// <summary>
/// Deletion review over the real store: an export over the threshold is kept, not forgotten; allowed once it is applied
/// whole with its settling and audit in one transaction (two admins at once: one applies, the other is told); a newer
/// export from the same client supersedes it; discarding changes nothing else. Once per database.
/// </summary>
public abstract class DeletionReviewScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Client = "AAD Connect";
    private PortalDbContextFactory factory = null!;
    private Tenant tenant = null!;
    private readonly TenantLocks locks = new();

    public async Task InitializeAsync()
    {
        factory = await TestDatabases.NewMigratedAsync(provider);
        tenant = await new TenantService(new TenantStore(factory), TimeProvider.System).CreateAsync(new NewTenant("Contoso", "contoso.onmicrosoft.com",
            new DateTimeOffset(2018, 1, 1, 0, 0, 0, TimeSpan.Zero), [new("contoso.com", "Managed")]), "test", default);
        await new FeatureService(new TenantStore(factory), TimeProvider.System, NullLogger<FeatureService>.Instance).SetDeletionPreventionAsync(tenant.Id,
            AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, 5), "test", default);
        await Sync().ApplyBatchAsync(tenant.Id, Export(20), Client, default);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private SyncService Sync(TenantLocks? own = null) => SyncWiring.Sync(factory, own ?? locks, TimeProvider.System);

    private DeletionReviewService Reviews(TenantLocks? own = null) => SyncWiring.Reviews(factory, own ?? locks, TimeProvider.System);

    /// <summary>A full export of the first <paramref name="count"/> of twenty users: the rest are deleted by it.</summary>
    private static SyncBatchRequest Export(int count) => new("full", Enumerable.Range(0, count).Select(i => (IncomingObject?)new IncomingObject
    {
        ObjectType = "user", SourceAnchor = $"u{i:00}", DisplayName = $"User {i:00}", UserPrincipalName = $"u{i:00}@contoso.com", ProxyAddresses = [$"SMTP:u{i:00}@contoso.com"],
    }).ToList());

    private async Task<int> SyncedCountAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.DirectoryObjects.CountAsync(o => o.TenantId == tenant.Id && o.SyncEnabled);
    }

    private async Task<Guid> HeldAsync(int keep)
    {
        var refused = await Assert.ThrowsAsync<DeletionThresholdExceededException>(() => Sync().ApplyBatchAsync(tenant.Id, Export(keep), Client, default));
        return refused.HeldExportId!.Value;
    }

    [ProviderFact]
    public async Task An_export_over_the_threshold_is_kept_for_review_with_the_objects_it_would_delete_and_nothing_applied()
    {
        var id = await HeldAsync(keep: 10);
        Assert.Equal(20, await SyncedCountAsync());
        var held = await Reviews().GetAsync(tenant.Id, id, default);
        Assert.Equal((HeldExportStatus.AwaitingReview, 10, 10, Client), (held.Status, held.Deletes, held.ObjectCount, held.Client));

        var queries = new DeletionReviewQueries(factory);
        var first = await queries.DeletionsAsync(tenant.Id, id, null, 6, null, default);
        var second = await queries.DeletionsAsync(tenant.Id, id, null, 6, first.After, default);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"User {i:00}"), first.Items.Concat(second.Items).Select(d => d.DisplayName).Order());
        Assert.Null(second.After);
        Assert.Equal(["User 15"], (await queries.DeletionsAsync(tenant.Id, id, "User 15", 6, null, default)).Items.Select(d => d.DisplayName));
        // Another tenant's id does not open it.
        Assert.Empty((await queries.DeletionsAsync(Guid.NewGuid(), id, null, 6, null, default)).Items);
    }

    [ProviderFact]
    public async Task Allowed_once_it_is_applied_whole_as_received_and_audited_and_a_second_allow_is_refused()
    {
        var id = await HeldAsync(keep: 10);
        var outcome = await Reviews().AllowAsync(tenant.Id, id, "alice", default);
        Assert.Equal(10, outcome.Batch.Counts.Deleted);
        Assert.Equal(Client, outcome.Batch.Actor);
        Assert.Equal(10, await SyncedCountAsync());
        var held = await Reviews().GetAsync(tenant.Id, id, default);
        Assert.Equal((HeldExportStatus.Allowed, "alice", outcome.Batch.Id), (held.Status, held.DecidedBy, held.AppliedBatchId!.Value));
        await using (var db = factory.CreateDbContext())
            Assert.Single(await db.AuditEvents.Where(a => a.Action == "deletionReview.allow" && a.Actor == "alice").ToListAsync());

        var again = await Assert.ThrowsAsync<DomainException>(() => Reviews().AllowAsync(tenant.Id, id, "bob", default));
        Assert.Contains("already allowed by alice", again.Message);
        // Allowed once, not for good: the next export over the threshold is held again.
        await HeldAsync(keep: 3);
    }

    [ProviderFact]
    public async Task Two_admins_allowing_at_once_from_two_instances_apply_it_exactly_once()
    {
        var id = await HeldAsync(keep: 10);
        // Separate locks: two servers, only the database between them.
        var results = await Task.WhenAll(
            Attempt(() => Reviews(new TenantLocks()).AllowAsync(tenant.Id, id, "alice", default)),
            Attempt(() => Reviews(new TenantLocks()).AllowAsync(tenant.Id, id, "bob", default)));
        Assert.Equal(1, results.Count(r => r is null));
        Assert.All(results.Where(r => r is not null), e => Assert.True(e is DomainException { Code: "ReviewAlreadySettled" or "ConcurrentChange" }, e!.ToString()));
        Assert.Equal(10, await SyncedCountAsync());
        await using var db = factory.CreateDbContext();
        Assert.Equal(2, await db.SyncBatches.CountAsync(b => b.TenantId == tenant.Id));
        Assert.Single(await db.AuditEvents.Where(a => a.Action == "deletionReview.allow").ToListAsync());
    }

    private static async Task<Exception?> Attempt(Func<Task> action)
    {
        try { await action(); return null; }
        catch (Exception e) { return e; }
    }

    [ProviderFact]
    public async Task A_newer_export_from_the_same_client_supersedes_the_held_one_and_another_clients_does_not()
    {
        var first = await HeldAsync(keep: 10);
        await Sync().ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", []), "Cloud Sync agent", default);
        Assert.Equal(HeldExportStatus.AwaitingReview, (await Reviews().GetAsync(tenant.Id, first, default)).Status);

        var second = await HeldAsync(keep: 9);
        Assert.Equal(HeldExportStatus.Superseded, (await Reviews().GetAsync(tenant.Id, first, default)).Status);
        Assert.Equal([second], (await Reviews().AwaitingAsync(tenant.Id, default)).Select(h => h.Id));
        var refused = await Assert.ThrowsAsync<DomainException>(() => Reviews().AllowAsync(tenant.Id, first, "alice", default));
        Assert.Contains("superseded", refused.Message);

        await Sync().ApplyBatchAsync(tenant.Id, Export(20), Client, default);
        Assert.Equal(HeldExportStatus.Superseded, (await Reviews().GetAsync(tenant.Id, second, default)).Status);
    }

    [ProviderFact]
    public async Task Discarding_settles_it_and_changes_nothing_else()
    {
        var id = await HeldAsync(keep: 10);
        await Reviews().DiscardAsync(tenant.Id, id, "alice", default);
        Assert.Equal(HeldExportStatus.Discarded, (await Reviews().GetAsync(tenant.Id, id, default)).Status);
        Assert.Equal(20, await SyncedCountAsync());
        await Assert.ThrowsAsync<DomainException>(() => Reviews().AllowAsync(tenant.Id, id, "alice", default));
    }
}

public sealed class DeletionReviewOnSqlite() : DeletionReviewScenarios(DatabaseProvider.Sqlite);

public sealed class DeletionReviewOnPostgres() : DeletionReviewScenarios(DatabaseProvider.Postgres);

[SqlServer]
public sealed class DeletionReviewOnSqlServer() : DeletionReviewScenarios(DatabaseProvider.SqlServer);
