using System.Collections.Concurrent;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// The commits under way and how far each has got, known to every instance. A commit of millions of objects runs for
/// minutes — an hour for 10,000,000 on SQLite — inside one transaction that no reader sees until it ends: without this,
/// the admin watching the run could not tell it from a hang; and behind a load balancer the instance showing the page is
/// seldom the one committing. So the committing instance says where each of its commits stands through the change feed
/// when it starts, every <see cref="Interval"/> while it runs (its final COMMIT included, which writes nothing new) and
/// when it ends; every instance, this one too, keeps what it hears. A commit not heard of for <see cref="Silence"/> is
/// taken as ended: its instance stopped or lost the database.
/// </summary>
public sealed class CommitProgress : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(15);

    private readonly TimeProvider clock;
    private readonly IChangeFeed feed;
    /// <summary>This instance's commits, as its committer says.</summary>
    private readonly ConcurrentDictionary<Guid, (Guid TenantId, CommitStatus Status)> own = new();
    /// <summary>Every instance's, as last heard, with when.</summary>
    private readonly ConcurrentDictionary<Guid, (CommitStatus Status, long HeardAt)> heard = new();
    private readonly IDisposable subscription;
    private readonly ITimer timer;

    public CommitProgress(TimeProvider clock, IChangeFeed feed)
    {
        (this.clock, this.feed) = (clock, feed);
        subscription = feed.Subscribe(Hear);
        timer = clock.CreateTimer(_ => Tick(), null, Interval, Interval);
    }

    /// <summary>The run's commit under way on any instance, or null.</summary>
    public CommitStatus? Of(Guid runId) =>
        own.TryGetValue(runId, out var mine) ? mine.Status
        : heard.TryGetValue(runId, out var h) && !h.Status.Ended && clock.GetElapsedTime(h.HeardAt) < Silence ? h.Status
        : null;

    /// <summary>The committer's: a commit of the run's objects begins.</summary>
    public void Start(Guid tenantId, Guid runId, int objects)
    {
        var status = new CommitStatus(runId, 0, objects, clock.GetUtcNow());
        own[runId] = (tenantId, status);
        Announce(tenantId, status);
    }

    /// <summary>The committer's: this many objects are decided and written, inside the commit's transaction (said at the next tick).</summary>
    public void Wrote(Guid runId, int written)
    {
        if (own.TryGetValue(runId, out var commit)) own[runId] = commit with { Status = commit.Status with { Written = written } };
    }

    /// <summary>The committer's: the commit ended, whichever way.</summary>
    public void End(Guid runId)
    {
        if (own.TryRemove(runId, out var commit)) Announce(commit.TenantId, commit.Status with { Ended = true });
    }

    private void Announce(Guid tenantId, CommitStatus status) => feed.Publish(new DirectoryChange(tenantId, ChangeKind.SyncRun, status));

    private void Tick()
    {
        foreach (var (_, (tenantId, status)) in own) Announce(tenantId, status);
        foreach (var (runId, h) in heard)
            if (clock.GetElapsedTime(h.HeardAt) >= Silence) heard.TryRemove(KeyValuePair.Create(runId, h));
    }

    private void Hear(DirectoryChange change)
    {
        if (change.Commit is not { } status) return;
        var now = clock.GetTimestamp();
        heard.AddOrUpdate(status.RunId, (status, now), (_, was) => Newer(status, was.Status) ? (status, now) : was);
    }

    /// <summary>
    /// Announcements may arrive out of order (each travels on a connection of its own): an end stays the end of its
    /// commit, and of two others the one further on is the newer; a commit begun again (a retry) is newer than all before.
    /// </summary>
    private static bool Newer(CommitStatus heard, CommitStatus was) =>
        heard.Started != was.Started ? heard.Started > was.Started : !was.Ended && (heard.Ended || heard.Written >= was.Written);

    public void Dispose()
    {
        timer.Dispose();
        subscription.Dispose();
    }
}
