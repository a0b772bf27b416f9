using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.SyncClients;

/// <summary>The tenant's sync client: what it reports about itself, and the interval an admin asks of it (audited).</summary>
public sealed class SyncClientService(ISyncClientStore store, ITenantStore tenants, TimeProvider clock, IChangeFeed? feed = null)
{
    public async Task<SyncClientStatus> GetAsync(Guid tenantId, CancellationToken ct)
    {
        await EnsureTenantAsync(tenantId, ct);
        return await store.GetAsync(tenantId, ct);
    }

    /// <summary>Stores the client's report (the last one wins) and answers with what the service asks of the client.</summary>
    public async Task<SyncClientStatus> ReportAsync(Guid tenantId, SyncClientReportRequest? request, string client, CancellationToken ct)
    {
        var report = SyncClientReportValidator.Validate(request, client, clock.GetUtcNow());
        await EnsureTenantAsync(tenantId, ct);
        await store.SaveReportAsync(tenantId, report, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncClient));
        return await store.GetAsync(tenantId, ct);
    }

    /// <summary>An admin asks the client to sync every <paramref name="interval"/> (null: the client's own interval again).</summary>
    public async Task<SyncClientStatus> RequestIntervalAsync(Guid tenantId, TimeSpan? interval, string actor, CancellationToken ct)
    {
        if (SyncClientStatus.RequestedIntervalProblem(interval) is { } problem)
            throw new InputValidationException(new Dictionary<string, string[]> { ["customerRequestedSynchronizationInterval"] = [problem] });
        await EnsureTenantAsync(tenantId, ct);
        var before = await store.GetAsync(tenantId, ct);
        if (before.CustomerRequestedInterval == interval) return before;
        var audit = AuditEvent.Create(tenantId, actor, "syncClient.requestInterval", $"tenant/{tenantId}",
            new { customerRequestedSynchronizationInterval = Iso(before.CustomerRequestedInterval) }, new { customerRequestedSynchronizationInterval = Iso(interval) }, clock.GetUtcNow());
        await store.SetRequestedIntervalAsync(tenantId, interval, audit, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncClient));
        return await store.GetAsync(tenantId, ct);
    }

    private static string? Iso(TimeSpan? value) => value is { } v ? SyncClientReportValidator.Iso(v) : null;

    private async Task EnsureTenantAsync(Guid tenantId, CancellationToken ct)
    {
        if (await tenants.FindTenantAsync(tenantId, ct) is null) throw new NotFoundException($"Tenant {tenantId}");
    }
}
