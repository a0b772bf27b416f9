using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Matching;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>
/// Entra's 2026 hard-match hardening: a hard match onto a user holding a directory role is blocked in Microsoft's words;
/// a mapped object's anchor never changes by sync — unless AllowOnPremUpdateOfOnPremisesObjectIdentifier is on for a
/// migration, when a soft match moves it to its new anchor; an admin may clear the anchor of a cloud object.
/// </summary>
public class HardMatchHardeningRules
{
    [Fact]
    public void A_hard_match_onto_a_user_holding_a_directory_role_is_blocked_in_microsofts_words()
    {
        var s = new Scenario();
        var admin = s.CloudUser("boss@contoso.com", admin: true, immutableId: "a1");
        var result = s.SyncOne(Scenario.User("a1", "boss@contoso.com"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(SyncErrorCodes.ExistingAdminRoleConflict, error.Code);
        Assert.StartsWith(CandidateCheck.HardMatchHardening, error.Message);
        var record = Assert.Single(s.Store.MatchRecords);
        Assert.Equal((MatchOutcome.Failed, CandidateCheck.HardMatchHardening), (record.Outcome, record.Reason[..CandidateCheck.HardMatchHardening.Length]));
        Assert.Null(s.Object(admin.Id).LastSyncDateTime);
    }

    [Fact]
    public void While_the_feature_is_off_a_new_anchor_never_takes_over_a_mapped_object()
    {
        var s = new Scenario();
        var joe = s.SyncOne(Scenario.User("old-anchor", "joe@contoso.com", "joe@contoso.com")).ObjectId!.Value;
        var moved = s.SyncOne(Scenario.User("new-anchor", "joe@contoso.com", "joe@contoso.com"));
        Assert.NotEqual(joe, moved.ObjectId);
        Assert.Equal("old-anchor", s.Object(joe).ImmutableId);
    }

    [Fact]
    public void While_the_feature_is_on_a_soft_match_moves_a_mapped_object_to_its_new_anchor_and_says_why()
    {
        var s = new Scenario(enable: DirSyncFeature.AllowOnPremUpdateOfOnPremisesObjectIdentifier);
        var joe = s.SyncOne(Scenario.User("old-anchor", "joe@contoso.com", "joe@contoso.com")).ObjectId!.Value;
        var moved = s.SyncOne(Scenario.User("new-anchor", "joe@contoso.com", "joe@contoso.com"));
        Assert.Equal((ObjectOutcome.Matched, joe, MatchRule.SoftMatchSmtp), (moved.Outcome, moved.ObjectId, moved.MatchedBy));
        Assert.Equal(("new-anchor", true), (s.Object(joe).ImmutableId, s.Object(joe).SyncEnabled));
        var step = s.Store.MatchRecords.Last().Steps.Single(x => x.Rule == MatchRule.SoftMatchSmtp);
        Assert.Contains("AllowOnPremUpdateOfOnPremisesObjectIdentifier on", step.Candidates.Single().Reason);
        Assert.Single(s.Store.Objects);
        var audit = Assert.Single(s.Store.Audit, a => a.Action == "object.immutableIdChanged");
        Assert.Contains("old-anchor", audit.Before);
        Assert.Contains("new-anchor", audit.After);

        // An admin is still never moved, feature or not.
        var boss = s.CloudUser("boss@contoso.com", "boss@contoso.com", admin: true, immutableId: "boss-old");
        Assert.NotEqual(boss.Id, s.SyncOne(Scenario.User("boss-new", "boss@contoso.com", "boss@contoso.com")).ObjectId);
        Assert.Equal("boss-old", s.Object(boss.Id).ImmutableId);
    }

    [Fact]
    public void A_full_export_that_moves_an_object_to_its_new_anchor_does_not_delete_it_in_a_dry_run_or_for_real()
    {
        var s = new Scenario(enable: DirSyncFeature.AllowOnPremUpdateOfOnPremisesObjectIdentifier);
        var joe = s.SyncOne(Scenario.User("old-anchor", "joe@contoso.com", "joe@contoso.com")).ObjectId!.Value;
        var simulated = s.DryRun("full", Scenario.User("new-anchor", "joe@contoso.com", "joe@contoso.com"));
        Assert.DoesNotContain(simulated.Results, r => r.Outcome == ObjectOutcome.Deleted);
        var applied = s.SyncMode("full", Scenario.User("new-anchor", "joe@contoso.com", "joe@contoso.com"));
        Assert.Equal((0, 1), (applied.Batch.Counts.Deleted, applied.Batch.Counts.Matched));
        Assert.Equal("new-anchor", s.Object(joe).ImmutableId);
    }

    [Fact]
    public async Task An_admin_clears_the_anchor_of_a_cloud_object_but_not_of_a_synced_one()
    {
        var s = new Scenario();
        var cloud = new CloudDirectoryService(s.Store, new TenantLocks(), s.Clock);
        var orphan = s.CloudUser("ann@contoso.com", immutableId: "stale");
        await cloud.UpdateAsync(s.Tenant.Id, orphan.Id, new CloudObjectPatch(ClearOnPremisesImmutableId: true), "alice", default);
        Assert.Null(s.Object(orphan.Id).ImmutableId);
        var audit = s.Store.Audit.Last();
        Assert.Equal("object.update", audit.Action);
        Assert.Contains("stale", audit.Before);

        var synced = s.SyncOne(Scenario.User("a1", "joe@contoso.com")).ObjectId!.Value;
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            cloud.UpdateAsync(s.Tenant.Id, synced, new CloudObjectPatch(ClearOnPremisesImmutableId: true), "alice", default));
        Assert.Contains("onPremisesImmutableId", refused.Message);

        // Cleared on a cloud-managed object, no sync client's object can take it back.
        await cloud.SetSourceOfAuthorityAsync(s.Tenant.Id, synced, true, "alice", default);
        await cloud.UpdateAsync(s.Tenant.Id, synced, new CloudObjectPatch(ClearOnPremisesImmutableId: true), "alice", default);
        Assert.Equal("NoSourceAnchor", (await Assert.ThrowsAsync<DomainException>(() => cloud.SetSourceOfAuthorityAsync(s.Tenant.Id, synced, false, "alice", default))).Code);
    }
}
