using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class BatchRules
{
    [Fact]
    public void Sending_the_same_batch_twice_changes_nothing_the_second_time()
    {
        var s = new Scenario();
        IncomingObject[] batch = [Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"), Scenario.Group("g1", "sales@contoso.com"),
            Scenario.User("a2", "joe@contoso.com")];
        s.Sync(batch);
        var before = s.Store.Objects.Values.Select(o => (o.Id, o.Version, o.UserPrincipalName, o.LastSyncDateTime)).ToList();
        s.Clock.Now = s.Clock.Now.AddHours(1);
        var second = s.Sync(batch);
        Assert.All(second.Results, r => Assert.Equal(ObjectOutcome.Unchanged, r.Outcome));
        Assert.Equal(3, second.Batch.Counts.Unchanged);
        Assert.Equal(before, s.Store.Objects.Values.Select(o => (o.Id, o.Version, o.UserPrincipalName, o.LastSyncDateTime)).ToList());
        Assert.Equal(3, s.Store.MatchRecords.Count);
    }

    [Fact]
    public void Counts_sum_the_outcomes_of_a_batch()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var b = s.Sync(Scenario.User("a1", "joe@contoso.com") with { DisplayName = "x" }, Scenario.User("a2", "joe@contoso.com"),
            Scenario.User("a3", "ann@contoso.com"), Scenario.Deleted("nope"));
        Assert.Equal(new OutcomeCounts(1, 0, 1, 1, 0, 1), b.Batch.Counts);
    }

    [Fact]
    public void Deleting_a_synced_object_frees_its_values()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Deleted, s.SyncOne(Scenario.Deleted("a1")).Outcome);
        Assert.Equal(ObjectOutcome.Created, s.SyncOne(Scenario.User("a2", "joe@contoso.com")).Outcome);
    }

    [Fact]
    public void A_full_sync_deletes_the_synced_objects_it_leaves_out_and_keeps_cloud_objects()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("cloud@contoso.com");
        s.Sync(Scenario.User("a1", "a1@contoso.com"), Scenario.User("a2", "a2@contoso.com"));
        var full = s.SyncMode("full", Scenario.User("a1", "a1@contoso.com"));
        Assert.Equal(1, full.Batch.Counts.Deleted);
        Assert.Equal(1, full.Batch.Counts.Unchanged);
        Assert.Equal(2, s.Store.Objects.Count);
        Assert.True(s.Store.Objects.ContainsKey(cloud.Id));
    }

    [Fact]
    public void A_first_full_sync_has_nothing_to_delete_and_does_not_look_for_it_and_the_next_one_does()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("cloud@contoso.com");
        var first = s.SyncMode("full", Scenario.User("a1", "a1@contoso.com"), Scenario.User("a2", "a2@contoso.com"));
        Assert.Equal((2, 0), (first.Batch.Counts.Created, first.Batch.Counts.Deleted));
        Assert.Equal(0, s.Runs.MissingSearches);
        Assert.True(s.Store.Objects.ContainsKey(cloud.Id));

        Assert.Equal(1, s.SyncMode("full", Scenario.User("a1", "a1@contoso.com")).Batch.Counts.Deleted);
        Assert.True(s.Runs.MissingSearches > 0);
    }

    [Fact]
    public void A_full_sync_over_the_deletion_threshold_is_refused_and_nothing_is_applied()
    {
        var s = new Scenario();
        s.Tenant.SetDeletionPrevention(AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, 2));
        s.Sync(Enumerable.Range(0, 5).Select(i => Scenario.User("a" + i, $"u{i}@contoso.com")).ToArray());
        var saves = s.Store.Saves;
        var refused = Assert.Throws<DeletionThresholdExceededException>(() => s.SyncMode("full", Scenario.User("a0", "changed@contoso.com")));
        Assert.Equal(4, refused.Deletes);
        Assert.Equal(saves, s.Store.Saves);
        Assert.Equal(5, s.Store.Objects.Count);
        Assert.Equal("u0@contoso.com", s.ByAnchor("a0").UserPrincipalName);
    }

    [Fact]
    public void The_default_threshold_lets_500_deletes_through()
    {
        var s = new Scenario();
        s.Sync(Enumerable.Range(0, 501).Select(i => Scenario.User("a" + i, $"u{i}@contoso.com")).ToArray());
        Assert.Equal(500, s.SyncMode("full", Scenario.User("a0", "u0@contoso.com")).Batch.Counts.Deleted);
    }

    [Fact]
    public void An_invalid_batch_applies_nothing()
    {
        var s = new Scenario();
        Assert.Throws<BatchValidationException>(() => s.Sync(Scenario.User("a1", "joe@contoso.com"), Scenario.User("a2", "x@contoso.com") with { UserPrincipalName = "not-a-upn" }));
        Assert.Empty(s.Store.Objects);
        Assert.Equal(0, s.Store.Saves);
    }

    [Fact]
    public void An_object_whose_type_changed_under_the_same_anchor_fails_with_ObjectTypeMismatch()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("x1", "joe@contoso.com"));
        Assert.Equal(SyncErrorCodes.ObjectTypeMismatch, s.SyncOne(Scenario.Contact("x1", "joe@contoso.com")).Errors.Single().Code);
    }
}
