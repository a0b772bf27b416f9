using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Tenants;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Features;

/// <summary>Changing a tenant's features and deletion guard; every change is audited with before and after.</summary>
public sealed class FeatureService(ITenantStore store, TimeProvider clock, ILogger<FeatureService> logger, IChangeFeed? feed = null)
{
    // Two writers of one tenant's settings at once is rare; more than a few lost races in a row is a conflict to report.
    private const int Attempts = 5;

    /// <summary>Applies all requested changes or none: one refusal (e.g. turning a one-way feature off) changes nothing.</summary>
    public Task<IReadOnlyList<FeatureChange>> SetByAdminAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> requested,
        string actor, CancellationToken ct) => ApplySettingsAsync(tenantId, requested, null, actor, ct);

    public Task SetDeletionPreventionAsync(Guid tenantId, AccidentalDeletionPrevention value, string actor, CancellationToken ct) =>
        ApplySettingsAsync(tenantId, new Dictionary<DirSyncFeature, bool>(), value, actor, ct);

    /// <summary>
    /// Features and deletion guard in one request (Graph PATCH onPremisesSynchronization): every part is checked
    /// before any applies, and all of it is stored with its audit in one write.
    /// </summary>
    public Task<IReadOnlyList<FeatureChange>> ApplySettingsAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> features,
        AccidentalDeletionPrevention? prevention, string actor, CancellationToken ct) =>
        WriteAsync(tenantId, actor, (tenant, now) =>
        {
            // Check every requested change before making any, so one refusal leaves the tenant exactly as it was.
            foreach (var (feature, enabled) in features) tenant.Features.EnsureAdminMay(feature, enabled);
            var changes = features.Select(r => tenant.Features.SetByAdmin(r.Key, r.Value, actor, now)).OfType<FeatureChange>().ToList();
            var audit = Audit(tenant.Id, actor, changes, c => c.After.Enabled ? "feature.enable" : "feature.disable", now);
            DeletionPreventionChange? guard = null;
            if (prevention is not null && prevention != tenant.DeletionPrevention)
            {
                guard = new DeletionPreventionChange(tenant.DeletionPrevention, prevention);
                audit.Add(AuditEvent.Create(tenant.Id, actor, "deletionPrevention.set", $"tenant/{tenant.Id}", guard.Before, guard.After, now));
                tenant.SetDeletionPrevention(prevention);
            }
            return new TenantSettingsChange(tenant.Id, changes, guard, audit);
        }, ct);

    /// <summary>
    /// The on-premises sync client reports the features it owns (password sync, writebacks, extensions), audited with
    /// the client's identity. Any other feature in the report refuses the whole report.
    /// </summary>
    public Task<IReadOnlyList<FeatureChange>> ReportBySyncClientAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> reported,
        string client, CancellationToken ct) =>
        WriteAsync(tenantId, client, (tenant, now) =>
        {
            foreach (var feature in reported.Keys) tenant.Features.EnsureSyncClientMay(feature);
            var changes = reported.Select(r => tenant.Features.SetBySyncClient(r.Key, r.Value, client, now)).OfType<FeatureChange>().ToList();
            return new TenantSettingsChange(tenant.Id, changes, null, Audit(tenant.Id, client, changes, _ => "feature.reported", now));
        }, ct);

    /// <summary>
    /// Decides a change on the tenant as stored now and writes it. The store refuses it if another writer changed the
    /// same settings since they were read; it is then decided again on fresh state.
    /// </summary>
    private async Task<IReadOnlyList<FeatureChange>> WriteAsync(Guid tenantId, string actor, Func<Tenant, DateTimeOffset, TenantSettingsChange> decide,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var tenant = await store.TenantAsync(tenantId, ct);
            var change = decide(tenant, clock.GetUtcNow());
            try
            {
                if (change.Audit.Count > 0)
                {
                    await store.SaveTenantSettingsAsync(change, ct);
                    feed?.Publish(new DirectoryChange(tenantId, ChangeKind.Features));
                }
                return change.Features;
            }
            catch (ConcurrentChangeException) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {TenantId}: settings changed by another writer meanwhile; deciding {Actor}'s change again (attempt {Attempt})",
                    tenantId, actor, attempt + 1);
            }
        }
    }

    private static List<AuditEvent> Audit(Guid tenantId, string actor, IEnumerable<FeatureChange> changes, Func<FeatureChange, string> action,
        DateTimeOffset now) =>
        changes.Select(c => AuditEvent.Create(tenantId, actor, action(c), $"feature/{c.After.Definition.GraphName}",
            new { enabled = c.Before.Enabled }, new { enabled = c.After.Enabled }, now)).ToList();
}
