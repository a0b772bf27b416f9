using System.Collections.Concurrent;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// The commits under way in this process and how far each has got. A commit of millions of objects runs for minutes —
/// an hour for 10,000,000 on SQLite — inside one transaction that no reader sees until it ends: without this, the admin
/// watching the run could not tell it from a hang. Only the instance committing a run knows it; behind a load balancer
/// the others show the run as open.
/// </summary>
public sealed class CommitProgress(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Commit> commits = new();

    /// <summary>How far a commit has got: objects decided and written (not yet committed) of the run's, since when.</summary>
    public sealed record Commit(int Written, int Objects, DateTimeOffset Started)
    {
        public double Fraction => Objects == 0 ? 0 : (double)Written / Objects;
    }

    /// <summary>The run's commit under way in this process, or null.</summary>
    public Commit? Of(Guid runId) => commits.GetValueOrDefault(runId);

    /// <summary>The committer's: a commit of the run's objects begins.</summary>
    public void Start(Guid runId, int objects) => commits[runId] = new Commit(0, objects, clock.GetUtcNow());

    /// <summary>The committer's: this many objects are decided and written, inside the commit's transaction.</summary>
    public void Wrote(Guid runId, int written)
    {
        if (commits.TryGetValue(runId, out var commit)) commits[runId] = commit with { Written = written };
    }

    /// <summary>The committer's: the commit ended, whichever way.</summary>
    public void End(Guid runId) => commits.TryRemove(runId, out _);
}
