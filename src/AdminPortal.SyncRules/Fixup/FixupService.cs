using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Fixup;

public sealed record ReleasedValue(Guid ObjectId, string PropertyCausingError, string Value);

/// <summary>
/// The fix-up task: a quarantined value whose conflict is gone (no other object holds it now) goes back to the
/// object that wanted it; a placeholder UPN gives way to the proper one. Oldest quarantine first, so when two
/// objects wait for one value the first to have lost it gets it.
/// </summary>
public sealed class FixupService(ISyncStore store, ITenantLocks locks, TimeProvider clock, IChangeFeed? feed = null,
    ILogger<FixupService>? logger = null, SyncTelemetry? telemetry = null)
{
    public async Task<IReadOnlyList<ReleasedValue>> RunAsync(Guid tenantId, string actor, CancellationToken ct)
    {
        await store.TenantAsync(tenantId, ct);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var index = await store.LoadQuarantinedAsync(tenantId, ct);
        var changes = new DirectoryChanges();
        var released = new List<ReleasedValue>();
        var waiting = index.Objects.SelectMany(o => o.Quarantine.Select(q => (Object: o, Value: q)))
                                   .OrderBy(w => w.Value.OccurredDateTime).ThenBy(w => w.Object.Id).ToList();
        foreach (var (obj, q) in waiting)
        {
            if (index.HolderOf(q.Property, q.NormalizedValue) is not null) continue;
            index.Detach(obj);
            obj.RestoreQuarantined(q);
            index.Attach(obj);
            changes.Modify(obj);
            released.Add(new ReleasedValue(obj.Id, q.Property.ToString(), q.Value));
        }
        if (released.Count > 0)
        {
            changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "fixup.run", $"tenant/{tenantId}",
                null, new { released }, clock.GetUtcNow()));
            await store.SaveAsync(tenantId, changes, ct);
            feed?.Publish(new DirectoryChange(tenantId, ChangeKind.Fixup));
            foreach (var attribute in released.GroupBy(r => r.PropertyCausingError)) telemetry?.Released(attribute.Key, attribute.Count());
        }
        logger?.LogInformation("Tenant {TenantId}: fix-up run by {Actor} restored {Released} of {Waiting} quarantined values",
            tenantId, actor, released.Count, waiting.Count);
        return released;
    }
}
