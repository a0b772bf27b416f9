using AdminPortal.SyncRules.Audit;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>The audit log as the portal reads it: newest first, keyset-paged. Implemented by AdminPortal.Data.</summary>
public interface IAuditQueries
{
    Task<KeysetPage<AuditEvent>> ListAsync(Guid tenantId, AuditFilter filter, int top, Guid? before, CancellationToken ct);
}

public sealed record AuditFilter(string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
