using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Changes;

/// <summary>What kind of thing changed: lets an open page decide whether the change concerns it.</summary>
public enum ChangeKind
{
    SyncBatch, SyncRun, Fixup, ConflictResolution, CloudObject, Features, Tenant, AccessKey, SyncClient,
    /// <summary>The feed was lost and is back: changes may have been missed, so every watcher reloads whatever it shows.</summary>
    Resync,
}

/// <summary>
/// One committed change: which tenant (none for tenant-less things such as access keys of all tenants) and what kind;
/// or, with <see cref="Commit"/>, where a run's commit under way stands (<see cref="ChangeKind.SyncRun"/>).
/// </summary>
public sealed record DirectoryChange(Guid? TenantId, ChangeKind Kind, CommitStatus? Commit = null);

/// <summary>
/// How far a run's commit has got, as the instance committing it says: objects decided and written (not yet committed)
/// of the run's, since when; <see cref="Ended"/> once it ended, whichever way.
/// </summary>
public sealed record CommitStatus(Guid RunId, int Written, int Objects, DateTimeOffset Started, bool Ended = false)
{
    public double Fraction => Objects == 0 ? 0 : (double)Written / Objects;
}

/// <summary>The feed of one process (<see cref="IChangeFeed"/>): enough where one instance serves the portal.</summary>
public sealed class InProcessChangeFeed : IChangeFeed
{
    private readonly Lock gate = new();
    private Action<DirectoryChange>[] watchers = [];

    public void Publish(DirectoryChange change)
    {
        // A watcher that throws must not break the publisher (a sync batch already committed) nor the other watchers.
        foreach (var watcher in Volatile.Read(ref watchers))
        {
            try { watcher(change); }
            catch (Exception) { /* the watcher's own failure; it reports it itself */ }
        }
    }

    public IDisposable Subscribe(Action<DirectoryChange> watcher)
    {
        lock (gate) watchers = [.. watchers, watcher];
        return new Subscription(this, watcher);
    }

    private void Unsubscribe(Action<DirectoryChange> watcher)
    {
        lock (gate) watchers = watchers.Where(w => w != watcher).ToArray();
    }

    private sealed class Subscription(InProcessChangeFeed feed, Action<DirectoryChange> watcher) : IDisposable
    {
        public void Dispose() => feed.Unsubscribe(watcher);
    }
}
