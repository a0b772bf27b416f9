namespace AdminPortal.SyncRules;

/// <summary>
/// The database did not take a write in time because another write held it: nothing of the write was kept. On SQLite one
/// write runs at a time over the whole file, and a sync run's commit holds it until it ends (minutes for a million
/// objects), so every other write waits and, past the connection's timeout (30 s), is refused with this. Answered as
/// the service being busy, to be sent again later; not the caller's fault and not a bug.
/// </summary>
public sealed class DatabaseBusyException(Exception cause) : DatabaseStateException(Explanation, cause)
{
    public const string Explanation = "The database is busy with another write and did not take this one in time: nothing of this request was stored. " +
        "On SQLite one write runs at a time, and a sync run's commit holds the database until it ends; send the request again in a few minutes.";
}
