using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Features;

/// <summary>Changing a tenant's features and deletion guard; every change is audited with before and after.</summary>
public sealed class FeatureService(ITenantStore store, TimeProvider clock)
{
    /// <summary>Applies all requested changes or none: one refusal (e.g. turning a one-way feature off) changes nothing.</summary>
    public Task<IReadOnlyList<FeatureChange>> SetByAdminAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> requested,
        string actor, CancellationToken ct) => ApplySettingsAsync(tenantId, requested, null, actor, ct);

    public Task SetDeletionPreventionAsync(Guid tenantId, AccidentalDeletionPrevention value, string actor, CancellationToken ct) =>
        ApplySettingsAsync(tenantId, new Dictionary<DirSyncFeature, bool>(), value, actor, ct);

    /// <summary>
    /// Features and deletion guard in one request (Graph PATCH onPremisesSynchronization): every part is checked
    /// before any applies, and all of it is stored with its audit in one write.
    /// </summary>
    public async Task<IReadOnlyList<FeatureChange>> ApplySettingsAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> features,
        AccidentalDeletionPrevention? prevention, string actor, CancellationToken ct)
    {
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        // Check every requested change before making any, so one refusal leaves the tenant exactly as it was.
        foreach (var (feature, enabled) in features) tenant.Features.EnsureAdminMay(feature, enabled);
        var now = clock.GetUtcNow();
        var changes = features.Select(r => tenant.Features.SetByAdmin(r.Key, r.Value, actor, now)).OfType<FeatureChange>().ToList();
        var audit = changes.Select(c => AuditEvent.Create(tenantId, actor, c.After.Enabled ? "feature.enable" : "feature.disable",
            $"feature/{c.After.Definition.GraphName}", new { enabled = c.Before.Enabled }, new { enabled = c.After.Enabled }, now)).ToList();
        if (prevention is not null && prevention != tenant.DeletionPrevention)
        {
            audit.Add(AuditEvent.Create(tenantId, actor, "deletionPrevention.set", $"tenant/{tenantId}", tenant.DeletionPrevention, prevention, now));
            tenant.SetDeletionPrevention(prevention);
        }
        if (audit.Count > 0) await store.SaveTenantSettingsAsync(tenant, audit, ct);
        return changes;
    }
}
