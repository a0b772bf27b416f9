using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.SyncRules.Tests;

/// <summary>A commit of many chunks says how far it has got while it runs — to the log, to pages through the feed — and nothing once it ended.</summary>
public class CommitProgressRules
{
    [Fact]
    public async Task A_commit_of_many_chunks_says_how_far_it_has_got_at_each_tenth_and_nothing_once_it_ended()
    {
        var scenario = new Scenario();
        var limits = SyncRunLimits.Default with { CommitChunkObjects = 2 };
        var progress = new CommitProgress(scenario.Clock);
        var feed = new InProcessChangeFeed();
        var runs = new SyncRunService(scenario.Runs, scenario.Store, new RunCommitter(scenario.Runs, scenario.Store,
            SyncEngine.CreateDefault(new SequenceDigits()), new TenantLocks(), scenario.Clock, limits, NullLogger<RunCommitter>.Instance,
            feed: feed, progress: progress), scenario.Clock, limits, NullLogger<SyncRunService>.Instance);
        var run = await runs.OpenAsync(scenario.Tenant.Id, "full", "sync-client", default);
        await runs.AddPageAsync(scenario.Tenant.Id, run.Id,
            Enumerable.Range(0, 20).Select(i => Scenario.User($"a{i:00}", $"u{i:00}@contoso.com")).ToArray(), default);
        var seen = new List<CommitProgress.Commit?>();
        using var _ = feed.Subscribe(c => { if (c.Kind == ChangeKind.SyncRun) seen.Add(progress.Of(run.Id)); });

        var outcome = await runs.CommitAsync(scenario.Tenant.Id, run.Id, default);

        Assert.Equal(20, outcome.Batch.Counts.Created);
        // Two objects a chunk, a tenth each: the page is told ten times, each time further, while nothing is committed.
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (2 * i, 20)), seen.Select(c => (c!.Written, c.Objects)));
        Assert.All(seen, c => Assert.Equal(scenario.Clock.GetUtcNow(), c!.Started));
        Assert.Null(progress.Of(run.Id));
    }
}
