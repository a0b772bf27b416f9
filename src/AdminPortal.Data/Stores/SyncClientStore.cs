using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.SyncClients;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Stores;

public sealed class SyncClientStore(PortalDbContextFactory factory) : ISyncClientStore
{
    public async Task<SyncClientStatus> GetAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.SyncClients.FirstOrDefaultAsync(c => c.TenantId == tenantId, ct);
        return row is null ? new SyncClientStatus(tenantId, null, null) : ToStatus(row);
    }

    public Task SaveReportAsync(Guid tenantId, SyncClientReport report, CancellationToken ct) => UpsertAsync(tenantId, row =>
    {
        var data = report.CurrentExport;
        (row.ClientVersion, row.MachineName, row.ServiceAccount, row.ApplicationId, row.AnchorAttribute) =
            (report.ClientVersion, report.MachineName, report.ServiceAccount, report.ApplicationId, report.AnchorAttribute);
        row.SynchronizationIntervalSeconds = (long)report.SynchronizationInterval.TotalSeconds;
        (row.PendingObjectsAddition, row.PendingObjectsDeletion, row.PendingObjectsUpdate) = (data.PendingObjectsAddition, data.PendingObjectsDeletion, data.PendingObjectsUpdate);
        (row.SuccessfulLinksProvisioningCount, row.SuccessfulObjectsProvisioningCount, row.TotalConnectorSpaceObjects) =
            (data.SuccessfulLinksProvisioningCount, data.SuccessfulObjectsProvisioningCount, data.TotalConnectorSpaceObjects);
        (row.ReportedDateTime, row.ReportedBy) = (report.ReportedDateTime, report.ReportedBy);
    }, null, ct);

    public Task SetRequestedIntervalAsync(Guid tenantId, TimeSpan? interval, AuditEvent audit, CancellationToken ct) =>
        UpsertAsync(tenantId, row => row.CustomerRequestedIntervalSeconds = interval is { } i ? (long)i.TotalSeconds : null, audit, ct);

    /// <summary>
    /// Changes the tenant's row, adding it the first time. Only the columns the change sets are written, so a report and
    /// an admin's interval arriving together both stay; two first writes racing: the loser's insert fails on the key,
    /// and it changes the winner's row instead.
    /// </summary>
    private async Task UpsertAsync(Guid tenantId, Action<SyncClientRow> change, AuditEvent? audit, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = factory.CreateDbContext();
            var row = await db.SyncClients.AsTracking().FirstOrDefaultAsync(c => c.TenantId == tenantId, ct);
            if (row is null) db.SyncClients.Add(row = new SyncClientRow { TenantId = tenantId });
            change(row);
            if (audit is not null) db.AuditEvents.Add(RowMapper.ToRow(audit));
            try
            {
                await DatabaseErrors.StoredAsync(() => db.SaveChangesAsync(ct));
                return;
            }
            catch (DbUpdateException e) when (attempt == 1 && DatabaseErrors.IsUniqueViolation(e)) { }
        }
    }

    private static SyncClientStatus ToStatus(SyncClientRow r) => new(r.TenantId,
        r is { ClientVersion: { } version, MachineName: { } machine, SynchronizationIntervalSeconds: { } seconds, ReportedDateTime: { } at }
            ? new SyncClientReport(version, machine, r.ServiceAccount, r.ApplicationId, r.AnchorAttribute, TimeSpan.FromSeconds(seconds),
                new ExportData(r.PendingObjectsAddition, r.PendingObjectsDeletion, r.PendingObjectsUpdate, r.SuccessfulLinksProvisioningCount,
                    r.SuccessfulObjectsProvisioningCount, r.TotalConnectorSpaceObjects), at, r.ReportedBy ?? "")
            : null,
        r.CustomerRequestedIntervalSeconds is { } requested ? TimeSpan.FromSeconds(requested) : null);
}
