using AdminPortal.SyncRules.Changes;

namespace AdminPortal.SyncRules.Ports;

/// <summary>
/// Announces committed changes to whoever is watching (open portal pages). The services publish after their write
/// committed, never before, so a watcher that reloads sees the change — but for a long commit's progress, which
/// <see cref="Sync.CommitProgress"/> announces and hears, and a watcher shows from it, not from the database. One process: <see cref="InProcessChangeFeed"/>;
/// several instances need a feed backed by the database (or a message bus) behind this same interface.
/// </summary>
public interface IChangeFeed
{
    void Publish(DirectoryChange change);

    /// <summary>Calls <paramref name="watcher"/> for each change from now on, on the publisher's thread, until disposed.</summary>
    IDisposable Subscribe(Action<DirectoryChange> watcher);
}
