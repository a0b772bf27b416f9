namespace AdminPortal.SyncRules;

/// <summary>
/// The database had no room for a write — its disk is full, or a size limit of the database is reached: nothing of
/// the write was kept and what was stored before is intact. Neither the caller's fault nor a bug: it is answered with
/// what to do, and the same request succeeds once there is room (a sync run whose commit it stopped stays open, to be
/// committed again). A commit of millions of objects on SQLite needs room for everything it writes twice over, in the
/// write-ahead log and then in the file (docs/operations.md).
/// </summary>
public sealed class StorageFullException(Exception cause) : DatabaseStateException(Explanation, cause)
{
    public const string Explanation = "The database is out of space: nothing of this request was stored (a sync run it was committing stays open). " +
        "Free disk space where the database keeps its files, then send the request again.";
}
