namespace AdminPortal.SyncRules;

/// <summary>
/// The database could not serve a request for a state of its own — full, busy with another write, out of reach — and
/// nothing of the request was stored. Neither the caller's fault nor a bug: each surface answers it with what happened
/// and what to do (docs/api.md, "Errors"), and the same request succeeds once the state has passed. The message is the
/// admin's; the database's own words are the inner exception's, for the log.
/// </summary>
public abstract class DatabaseStateException(string explanation, Exception cause) : Exception(explanation, cause);
