namespace AdminPortal.SyncRules;

/// <summary>
/// The database could not be reached (its server down or out of reach, its file not openable): nothing of the request
/// was read or stored. Not the caller's fault and not a bug: answered as the service being unavailable, to be sent
/// again; the portal connects afresh with each request.
/// </summary>
public sealed class DatabaseUnavailableException(Exception cause) : DatabaseStateException(Explanation, cause)
{
    public const string Explanation = "The database cannot be reached: nothing of this request was read or stored. " +
        "Send it again shortly; if this lasts, check the database server and the portal's connection string (Database settings).";
}
