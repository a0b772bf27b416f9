using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>The audit log as the portal reads it: newest first, keyset-paged. Implemented by AdminPortal.Data.</summary>
public interface IAuditQueries
{
    Task<KeysetPage<AuditEvent>> ListAsync(Guid tenantId, AuditFilter filter, int top, Guid? before, CancellationToken ct);
}

public sealed record AuditFilter(string? Actor = null, string? Action = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
