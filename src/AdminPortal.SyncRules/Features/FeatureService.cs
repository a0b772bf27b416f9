using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Features;

/// <summary>Changing a tenant's features and deletion guard; every change is audited with before and after.</summary>
public sealed class FeatureService(ITenantStore store, TimeProvider clock, ILogger<FeatureService> logger)
{
    // Two admins writing one tenant's settings at once is rare; more than a few lost races in a row is a conflict to report.
    private const int Attempts = 5;

    /// <summary>Applies all requested changes or none: one refusal (e.g. turning a one-way feature off) changes nothing.</summary>
    public Task<IReadOnlyList<FeatureChange>> SetByAdminAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> requested,
        string actor, CancellationToken ct) => ApplySettingsAsync(tenantId, requested, null, actor, ct);

    public Task SetDeletionPreventionAsync(Guid tenantId, AccidentalDeletionPrevention value, string actor, CancellationToken ct) =>
        ApplySettingsAsync(tenantId, new Dictionary<DirSyncFeature, bool>(), value, actor, ct);

    /// <summary>
    /// Features and deletion guard in one request (Graph PATCH onPremisesSynchronization): every part is checked
    /// before any applies, and all of it is stored with its audit in one write. The write is refused by the store if
    /// another admin changed the same settings since they were read; the request is then decided again on fresh state.
    /// </summary>
    public async Task<IReadOnlyList<FeatureChange>> ApplySettingsAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> features,
        AccidentalDeletionPrevention? prevention, string actor, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var change = await DecideAsync(tenantId, features, prevention, actor, ct);
            try
            {
                if (change.Audit.Count > 0) await store.SaveTenantSettingsAsync(change, ct);
                return change.Features;
            }
            catch (ConcurrentChangeException) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {TenantId}: settings changed by another writer meanwhile; deciding {Actor}'s change again (attempt {Attempt})",
                    tenantId, actor, attempt + 1);
            }
        }
    }

    private async Task<TenantSettingsChange> DecideAsync(Guid tenantId, IReadOnlyDictionary<DirSyncFeature, bool> features,
        AccidentalDeletionPrevention? prevention, string actor, CancellationToken ct)
    {
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        // Check every requested change before making any, so one refusal leaves the tenant exactly as it was.
        foreach (var (feature, enabled) in features) tenant.Features.EnsureAdminMay(feature, enabled);
        var now = clock.GetUtcNow();
        var changes = features.Select(r => tenant.Features.SetByAdmin(r.Key, r.Value, actor, now)).OfType<FeatureChange>().ToList();
        var audit = changes.Select(c => AuditEvent.Create(tenantId, actor, c.After.Enabled ? "feature.enable" : "feature.disable",
            $"feature/{c.After.Definition.GraphName}", new { enabled = c.Before.Enabled }, new { enabled = c.After.Enabled }, now)).ToList();
        DeletionPreventionChange? guard = null;
        if (prevention is not null && prevention != tenant.DeletionPrevention)
        {
            guard = new DeletionPreventionChange(tenant.DeletionPrevention, prevention);
            audit.Add(AuditEvent.Create(tenantId, actor, "deletionPrevention.set", $"tenant/{tenantId}", guard.Before, guard.After, now));
            tenant.SetDeletionPrevention(prevention);
        }
        return new TenantSettingsChange(tenantId, changes, guard, audit);
    }
}
