using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AdminPortal.SyncRules.Tests;

/// <summary>
/// A commit says where it stands while it runs — when it starts, every interval, when it ends — through the feed, and
/// every instance shows what it heard until the commit ends or its instance falls silent.
/// </summary>
public class CommitProgressRules
{
    private static readonly Guid Tenant = Guid.NewGuid();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
    private readonly InProcessChangeFeed feed = new();
    private readonly List<CommitStatus> told = [];

    public CommitProgressRules() => feed.Subscribe(c => { if (c.Kind == ChangeKind.SyncRun && c.TenantId == Tenant) told.Add(c.Commit!); });

    [Fact]
    public void A_commit_is_announced_when_it_starts_every_interval_while_it_runs_and_when_it_ends()
    {
        using var progress = new CommitProgress(clock, feed);
        var run = Guid.NewGuid();
        var started = clock.GetUtcNow();

        progress.Start(Tenant, run, 10_000);
        progress.Wrote(run, 5_000);
        Assert.Equal([new CommitStatus(run, 0, 10_000, started)], told);
        Assert.Equal(5_000, progress.Of(run)!.Written);

        clock.Advance(CommitProgress.Interval);
        Assert.Equal(new CommitStatus(run, 5_000, 10_000, started), told[^1]);
        // Its final COMMIT writes nothing new and may take minutes: it is still said to be under way.
        clock.Advance(CommitProgress.Interval);
        Assert.Equal((3, new CommitStatus(run, 5_000, 10_000, started)), (told.Count, told[^1]));

        progress.Wrote(run, 10_000);
        progress.End(run);
        Assert.Equal(new CommitStatus(run, 10_000, 10_000, started, Ended: true), told[^1]);
        Assert.Null(progress.Of(run));
        clock.Advance(CommitProgress.Interval * 3);
        Assert.Equal(4, told.Count);
    }

    [Fact]
    public void Another_instance_s_commit_is_shown_as_last_heard_until_it_ends_or_falls_silent()
    {
        using var progress = new CommitProgress(clock, feed);
        var (ending, silent) = (Guid.NewGuid(), Guid.NewGuid());
        var started = clock.GetUtcNow();
        void Heard(CommitStatus status) => feed.Publish(new DirectoryChange(Tenant, ChangeKind.SyncRun, status));

        Heard(new CommitStatus(ending, 2_000, 10_000, started));
        Heard(new CommitStatus(silent, 1_000, 10_000, started));
        Assert.Equal(2_000, progress.Of(ending)!.Written);
        // Announcements may overtake each other: an earlier one arriving late changes nothing.
        Heard(new CommitStatus(ending, 1_000, 10_000, started));
        Assert.Equal(2_000, progress.Of(ending)!.Written);

        Heard(new CommitStatus(ending, 10_000, 10_000, started, Ended: true));
        Heard(new CommitStatus(ending, 8_000, 10_000, started));
        Assert.Null(progress.Of(ending));

        clock.Advance(CommitProgress.Silence - TimeSpan.FromSeconds(1));
        Assert.Equal(1_000, progress.Of(silent)!.Written);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(progress.Of(silent));

        // A commit begun again (a retry after a lost race) is newer than the end of the one before.
        clock.Advance(TimeSpan.FromSeconds(1));
        Heard(new CommitStatus(ending, 0, 10_000, clock.GetUtcNow()));
        Assert.Equal(0, progress.Of(ending)!.Written);
    }

    [Fact]
    public async Task A_real_commit_of_many_chunks_is_announced_at_its_start_and_its_end_and_shown_by_nobody_after()
    {
        var scenario = new Scenario();
        var limits = SyncRunLimits.Default with { CommitChunkObjects = 2 };
        using var progress = new CommitProgress(clock, feed);
        var runs = new SyncRunService(scenario.Runs, scenario.Store, new RunCommitter(scenario.Runs, scenario.Store,
            SyncEngine.CreateDefault(new SequenceDigits()), new TenantLocks(), scenario.Clock, limits, NullLogger<RunCommitter>.Instance,
            feed: feed, progress: progress), scenario.Clock, limits, NullLogger<SyncRunService>.Instance);
        var run = await runs.OpenAsync(scenario.Tenant.Id, "full", "sync-client", default);
        await runs.AddPageAsync(scenario.Tenant.Id, run.Id,
            Enumerable.Range(0, 20).Select(i => Scenario.User($"a{i:00}", $"u{i:00}@contoso.com")).ToArray(), default);
        var seen = new List<CommitStatus>();
        using var _ = feed.Subscribe(c => { if (c.Commit?.RunId == run.Id) seen.Add(c.Commit); });

        var outcome = await runs.CommitAsync(scenario.Tenant.Id, run.Id, default);

        Assert.Equal(20, outcome.Batch.Counts.Created);
        Assert.Equal([(0, 20, false), (20, 20, true)], seen.Select(c => (c.Written, c.Objects, c.Ended)));
        Assert.Null(progress.Of(run.Id));
    }
}
