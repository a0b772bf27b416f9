using AdminPortal.SyncRules.Access;
using AdminPortal.SyncRules.Audit;

namespace AdminPortal.SyncRules.Ports;

/// <summary>Access keys: stored by the hash of their secret, revoked, touched on use. Implemented by AdminPortal.Data.</summary>
public interface IAccessKeyStore
{
    Task AddAsync(AccessKey key, AuditEvent audit, CancellationToken ct);
    Task<IReadOnlyList<AccessKey>> ListAsync(CancellationToken ct);
    Task<AccessKey?> FindByHashAsync(string hash, CancellationToken ct);
    Task<AccessKey?> FindAsync(Guid id, CancellationToken ct);
    Task RevokeAsync(Guid id, string actor, DateTimeOffset when, AuditEvent audit, CancellationToken ct);
    Task TouchAsync(Guid id, DateTimeOffset when, CancellationToken ct);
}
