namespace AdminPortal.SyncRules.Ports;

/// <summary>Browser sign-in sessions, kept so that signing out ends a session everywhere. Implemented by AdminPortal.Data.</summary>
public interface ISignInSessionStore
{
    Task StartAsync(Guid id, string userName, DateTimeOffset when, CancellationToken ct);
    Task EndAsync(Guid id, DateTimeOffset when, CancellationToken ct);
    /// <summary>True while the session was started and not ended.</summary>
    Task<bool> IsActiveAsync(Guid id, CancellationToken ct);
}
