using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.SyncClients;

namespace AdminPortal.SyncRules.Ports;

/// <summary>Each tenant's sync client: its last report and the interval an admin asked of it. Implemented by AdminPortal.Data.</summary>
public interface ISyncClientStore
{
    /// <summary>The tenant's sync client; without a report when none has reported.</summary>
    Task<SyncClientStatus> GetAsync(Guid tenantId, CancellationToken ct);

    /// <summary>Replaces the last report (the admin's interval stays).</summary>
    Task SaveReportAsync(Guid tenantId, SyncClientReport report, CancellationToken ct);

    /// <summary>Sets or clears the admin's interval, with its audit, in one write.</summary>
    Task SetRequestedIntervalAsync(Guid tenantId, TimeSpan? interval, AuditEvent audit, CancellationToken ct);
}
