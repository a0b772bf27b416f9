using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>A dry run decides a batch exactly as the real one would, with the deletion guard's verdict beside it, and writes nothing.</summary>
public class DryRuns
{
    private static string StateOf(Scenario s) =>
        string.Join("|", s.Store.Objects.Values.OrderBy(o => o.Id).Select(o => $"{o.Id}:{o.DisplayName}:{o.UserPrincipalName}:{o.Version}:{o.Quarantine.Count}"))
        + $"#{s.Store.Audit.Count}#{s.Store.MatchRecords.Count}#{s.Store.Failures.Count}#{s.Store.Batches.Count}";

    [Fact]
    public void A_dry_run_writes_nothing_and_says_what_the_batch_would_do()
    {
        var s = new Scenario();
        s.Cloud(ObjectType.User, "Cloud Joe", "joe@contoso.com", "joe@contoso.com");
        s.Sync(Scenario.User("a1", "ann@contoso.com"));
        var before = StateOf(s);

        var simulated = s.DryRun("full", Scenario.User("a2", "joe@contoso.com", "joe@contoso.com"), Scenario.User("a3", "ann@contoso.com"));

        Assert.Equal(before, StateOf(s));
        Assert.Equal([ObjectOutcome.Matched, ObjectOutcome.Created, ObjectOutcome.Deleted], simulated.Results.Select(r => r.Outcome));
        Assert.Equal(MatchRule.SoftMatchSmtp, simulated.Results[0].MatchedBy);
        Assert.Single(simulated.Results[1].Quarantined);
        Assert.Equal(2, simulated.MatchRecords.Count);
        Assert.Equal(1, simulated.DeletionGuard.Deletes);
        Assert.False(simulated.DeletionGuard.Blocks);

        var real = s.SyncMode("full", Scenario.User("a2", "joe@contoso.com", "joe@contoso.com"), Scenario.User("a3", "ann@contoso.com"));
        Assert.Equal(simulated.Results.Select(r => (r.SourceAnchor, r.Outcome)), real.Results.Select(r => (r.SourceAnchor, r.Outcome)));
    }

    [Fact]
    public void A_dry_run_over_the_deletion_threshold_reports_the_verdict_where_the_batch_is_refused()
    {
        var s = new Scenario();
        s.Tenant.SetDeletionPrevention(Features.AccidentalDeletionPrevention.Create(Features.DeletionPreventionType.EnabledForCount, 1));
        s.Sync(Scenario.User("a1", "a@contoso.com"), Scenario.User("a2", "b@contoso.com"));
        var simulated = s.DryRun("full");
        Assert.True(simulated.DeletionGuard.Blocks);
        Assert.Equal(2, simulated.DeletionGuard.Deletes);
        Assert.Throws<DeletionThresholdExceededException>(() => s.SyncMode("full"));
    }

    [Fact]
    public void A_dry_run_given_in_chunks_decides_each_object_after_the_ones_before_it_exactly_as_one_batch()
    {
        var s = new Scenario();
        s.Cloud(ObjectType.User, "Cloud Joe", "joe@contoso.com", "joe@contoso.com");
        s.Sync(Scenario.User("a1", "ann@contoso.com"), Scenario.User("a5", "eve@contoso.com"));
        // a2 soft-matches Joe; a4, a chunk later, asks for Joe's address again: Joe is a2's by then, so a4 may not have
        // him (loaded afresh for a4's chunk, Joe would still look free). a5 is deleted in the middle, a1 left out.
        IncomingObject[] export = [Scenario.User("a2", "joe@contoso.com", "joe@contoso.com"), Scenario.Deleted("a5"),
            Scenario.User("a4", "joe2@contoso.com", "joe@contoso.com"), Scenario.User("a3", "ann@contoso.com")];
        var whole = s.DryRun("full", export);
        var before = StateOf(s);

        var chunked = s.DryRunInChunks("full", 1, export);

        Assert.Equal(before, StateOf(s));
        string Said(DryRunOutcome o) => string.Join(" | ", o.Results.Select(r =>
            $"{r.Index} {r.SourceAnchor} {r.Outcome} {r.MatchedBy} {r.ObjectId is not null} e{r.Errors.Count} q{r.Quarantined.Count}"));
        Assert.Equal(Said(whole), Said(chunked));
        Assert.Equal([ObjectOutcome.Matched, ObjectOutcome.Deleted, ObjectOutcome.Created, ObjectOutcome.Created, ObjectOutcome.Deleted],
            chunked.Results.Select(r => r.Outcome));
        Assert.Equal(whole.Batch.Counts, chunked.Batch.Counts);
        Assert.Equal(whole.MatchRecords.Count, chunked.MatchRecords.Count);
        Assert.Equal((2, 2), (chunked.DeletionGuard.Deletes, chunked.DeletionGuard.SyncedObjects));
    }
}
