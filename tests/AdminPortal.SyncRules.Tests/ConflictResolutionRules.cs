using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class ConflictResolutionRules
{
    private static ConflictResolutionService Service(Scenario s) => new(s.Store, new TenantLocks(), s.Clock);

    [Fact]
    public async Task A_fix_at_source_note_survives_later_syncs_of_the_object()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var id = s.SyncOne(Scenario.User("a2", "joe@contoso.com")).ObjectId!.Value;
        await Service(s).MarkFixAtSourceAsync(s.Tenant.Id, id, ConflictProperty.UserPrincipalName, "JOE@contoso.com", "Remove from the old account", "olga", default);
        s.SyncOne(Scenario.User("a2", "joe@contoso.com") with { DisplayName = "renamed on premises" });
        var q = s.Object(id).Quarantine.Single();
        Assert.Equal(("Remove from the old account", "olga"), (q.FixAtSourceNote, q.NotedBy));
        Assert.Contains(s.Store.Audit, a => a.Action == "conflict.markFixAtSource");
    }

    [Fact]
    public async Task An_empty_note_or_an_unknown_value_is_refused()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var id = s.SyncOne(Scenario.User("a2", "joe@contoso.com")).ObjectId!.Value;
        await Assert.ThrowsAsync<DomainException>(() => Service(s).MarkFixAtSourceAsync(s.Tenant.Id, id, ConflictProperty.UserPrincipalName, "joe@contoso.com", "  ", "olga", default));
        await Assert.ThrowsAsync<NotFoundException>(() => Service(s).MarkFixAtSourceAsync(s.Tenant.Id, id, ConflictProperty.ProxyAddress, "x", "note", "olga", default));
    }

    [Fact]
    public async Task The_orphan_fix_moves_the_new_anchor_to_the_kept_object_and_the_next_sync_hard_matches_it()
    {
        var s = new Scenario();
        var keep = s.SyncOne(Scenario.User("old-anchor", "joe@contoso.com", "joe@contoso.com")).ObjectId!.Value;
        s.License(keep);
        // The on-premises account was deleted and re-created: same UPN and mail, new anchor.
        var duplicate = s.SyncOne(Scenario.User("new-anchor", "joe@contoso.com", "joe@contoso.com")).ObjectId!.Value;
        await Service(s).FixOrphanAsync(s.Tenant.Id, keep, duplicate, "olga", default);
        Assert.False(s.Store.Objects.ContainsKey(duplicate));
        Assert.Equal("new-anchor", s.Object(keep).ImmutableId);
        var next = s.SyncOne(Scenario.User("new-anchor", "joe@contoso.com", "joe@contoso.com") with { DisplayName = "Joe (re-created)" });
        Assert.Equal((ObjectOutcome.Updated, keep), (next.Outcome, next.ObjectId!.Value));
        Assert.True(s.Object(keep).IsLicensed);
        Assert.Equal("Joe (re-created)", s.Object(keep).DisplayName);
    }

    [Fact]
    public async Task The_orphan_fix_refuses_a_cloud_only_object()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("joe@contoso.com");
        var synced = s.SyncOne(Scenario.User("a1", "ann@contoso.com", "ann@contoso.com")).ObjectId!.Value;
        Assert.Equal("NotAnOrphan", (await Assert.ThrowsAsync<DomainException>(() => Service(s).FixOrphanAsync(s.Tenant.Id, cloud.Id, synced, "olga", default))).Code);
    }
}
