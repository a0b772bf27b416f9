using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.SyncClients;

/// <summary>The tenant's sync client: what it reports about itself, and the interval an admin asks of it (audited).</summary>
public sealed class SyncClientService(ISyncClientStore store, TenantService tenants, TimeProvider clock, IChangeFeed? feed = null)
{
    public async Task<SyncClientStatus> GetAsync(Guid tenantId, CancellationToken ct) => await GetAsync(await tenants.GetAsync(tenantId, ct), ct);

    /// <summary>The client of a tenant the caller has loaded already (a page, a Graph answer that shows both).</summary>
    public Task<SyncClientStatus> GetAsync(Tenant tenant, CancellationToken ct) => store.GetAsync(tenant.Id, ct);

    /// <summary>Stores the client's report (the last one wins) and answers with what the service asks of the client.</summary>
    public async Task<SyncClientStatus> ReportAsync(Guid tenantId, SyncClientReportRequest? request, string client, CancellationToken ct)
    {
        var report = SyncClientReportValidator.Validate(request, client, clock.GetUtcNow());
        await tenants.GetAsync(tenantId, ct);
        await store.SaveReportAsync(tenantId, report, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncClient));
        return await store.GetAsync(tenantId, ct);
    }

    /// <summary>An admin asks the client to sync every <paramref name="interval"/> (null: the client's own interval again).</summary>
    public async Task<SyncClientStatus> RequestIntervalAsync(Guid tenantId, TimeSpan? interval, string actor, CancellationToken ct)
    {
        if (SyncClientStatus.RequestedIntervalProblem(interval) is { } problem)
            throw new InputValidationException(new Dictionary<string, string[]> { ["customerRequestedSynchronizationInterval"] = [problem] });
        await tenants.GetAsync(tenantId, ct);
        var before = await store.GetAsync(tenantId, ct);
        if (before.CustomerRequestedInterval == interval) return before;
        var audit = AuditEvent.Create(tenantId, actor, "syncClient.requestInterval", $"tenant/{tenantId}",
            new { customerRequestedSynchronizationInterval = SyncClientReportValidator.Iso(before.CustomerRequestedInterval) },
            new { customerRequestedSynchronizationInterval = SyncClientReportValidator.Iso(interval) }, clock.GetUtcNow());
        await store.SetRequestedIntervalAsync(tenantId, interval, audit, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncClient));
        return await store.GetAsync(tenantId, ct);
    }
}
