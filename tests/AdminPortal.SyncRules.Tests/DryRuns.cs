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
}
