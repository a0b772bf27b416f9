using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>
/// Source of authority per object (Graph's onPremisesSyncBehavior.isCloudManaged): a converted object is the cloud's —
/// the sync client's exports of it are not applied, a full export that leaves it out does not delete it — until an
/// admin gives authority back, and the client's next export applies in full.
/// </summary>
public class SourceOfAuthorityRules
{
    private static CloudDirectoryService Cloud(Scenario s) => new(s.Store, new TenantLocks(), s.Clock);

    private static async Task<(Scenario S, Guid Id)> ConvertedAsync()
    {
        var s = new Scenario();
        var id = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com")).ObjectId!.Value;
        await Cloud(s).SetSourceOfAuthorityAsync(s.Tenant.Id, id, true, "alice", default);
        return (s, id);
    }

    [Fact]
    public async Task A_converted_object_is_edited_in_the_cloud_and_the_sync_clients_changes_are_not_applied()
    {
        var (s, id) = await ConvertedAsync();
        Assert.Equal((true, false, "a1"), (s.Object(id).IsCloudManaged, s.Object(id).SyncEnabled, s.Object(id).ImmutableId));
        await Cloud(s).UpdateAsync(s.Tenant.Id, id, new CloudObjectPatch { DisplayName = "Joe (cloud)" }, "alice", default);

        var result = s.SyncOne(Scenario.User("a1", "joseph@contoso.com", "joe@contoso.com"));
        Assert.Equal((ObjectOutcome.Unchanged, id), (result.Outcome, result.ObjectId));
        Assert.Equal([SyncEngine.CloudManagedWarning], result.Warnings);
        Assert.Equal(("joe@contoso.com", "Joe (cloud)"), (s.Object(id).UserPrincipalName, s.Object(id).DisplayName));
        var record = Assert.Single(s.Store.MatchRecords, m => m.Outcome == MatchOutcome.NotApplied);
        Assert.Equal((id, "CloudManaged"), (record.ObjectId, record.ErrorCode));

        // The same export again says so again, and is not recorded twice.
        Assert.Equal([SyncEngine.CloudManagedWarning], s.SyncOne(Scenario.User("a1", "joseph@contoso.com", "joe@contoso.com")).Warnings);
        Assert.Single(s.Store.MatchRecords, m => m.Outcome == MatchOutcome.NotApplied);
        Assert.Contains(s.Store.Audit, a => a.Action == "object.convertToCloud" && a.Actor == "alice");
    }

    [Fact]
    public async Task A_full_export_that_leaves_it_out_or_a_deletion_does_not_delete_it()
    {
        var (s, id) = await ConvertedAsync();
        var full = s.SyncMode("full", Scenario.User("a2", "ann@contoso.com"));
        Assert.DoesNotContain(full.Results, r => r.Outcome == ObjectOutcome.Deleted);
        Assert.True(s.Store.Objects.ContainsKey(id));

        var deletion = s.SyncOne(Scenario.Deleted("a1"));
        Assert.Equal(ObjectOutcome.Unchanged, deletion.Outcome);
        Assert.Equal([SyncEngine.CloudManagedWarning], deletion.Warnings);
        Assert.True(s.Store.Objects.ContainsKey(id));
    }

    [Fact]
    public async Task Given_back_to_the_sync_client_the_next_export_applies_in_full()
    {
        var (s, id) = await ConvertedAsync();
        await Cloud(s).UpdateAsync(s.Tenant.Id, id, new CloudObjectPatch { DisplayName = "Joe (cloud)" }, "alice", default);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        await Cloud(s).SetSourceOfAuthorityAsync(s.Tenant.Id, id, false, "alice", default);
        Assert.Equal((false, true), (s.Object(id).IsCloudManaged, s.Object(id).SyncEnabled));

        // The very export the client sent before: now it applies, over the cloud's change.
        var result = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Updated, result.Outcome);
        Assert.Equal(Scenario.User("a1", "joe@contoso.com").DisplayName, s.Object(id).DisplayName);
        await Assert.ThrowsAsync<DomainException>(() => Cloud(s).UpdateAsync(s.Tenant.Id, id, new CloudObjectPatch { DisplayName = "x" }, "alice", default));
        Assert.Contains(s.Store.Audit, a => a.Action == "object.returnToSyncClient");
    }

    [Fact]
    public async Task Only_a_synced_object_can_be_converted()
    {
        var s = new Scenario();
        var cloudOnly = s.CloudUser("cloud@contoso.com");
        var refused = await Assert.ThrowsAsync<DomainException>(() => Cloud(s).SetSourceOfAuthorityAsync(s.Tenant.Id, cloudOnly.Id, true, "alice", default));
        Assert.Equal("NotSynced", refused.Code);
        // Giving back what was never taken changes nothing.
        await Cloud(s).SetSourceOfAuthorityAsync(s.Tenant.Id, cloudOnly.Id, false, "alice", default);
        Assert.DoesNotContain(s.Store.Audit, a => a.Action.StartsWith("object.return"));
    }
}
