using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Conflicts;

/// <summary>
/// Resolutions that act on both sides of a conflict (the cloud-only ones live in CloudDirectoryService): a note that
/// the value is to be fixed on premises, and Connect Health's orphaned-object fix.
/// </summary>
public sealed class ConflictResolutionService(ISyncStore store, ITenantLocks locks, TimeProvider clock, IChangeFeed? feed = null)
{
    /// <summary>Marks a quarantined value "to be fixed at source" with a note; it stays quarantined until sync and fix-up clear it.</summary>
    public async Task MarkFixAtSourceAsync(Guid tenantId, Guid objectId, ConflictProperty property, string value, string note, string actor, CancellationToken ct)
    {
        note = note.Trim();
        if (AttributeRules.NoteProblem(note) is { } problem) throw new DomainException("InvalidNote", problem);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var target = (await store.LoadObjectsAsync(tenantId, [objectId], ct)).SingleOrDefault() ?? throw new NotFoundException($"Object {objectId}");
        var quarantined = target.Quarantine.FirstOrDefault(q => q.Property == property && q.NormalizedValue == DirectoryValue.Normalize(value))
                          ?? throw new NotFoundException($"The quarantined {property} '{value}' of {target.DisplayName}");
        target.NoteFixAtSource(quarantined, note, actor);
        var changes = new DirectoryChanges();
        changes.Modify(target);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "conflict.markFixAtSource", $"{target.Type.ToString().ToLowerInvariant()}/{objectId}",
            new { quarantined.Property, quarantined.Value, note = quarantined.FixAtSourceNote }, new { quarantined.Property, quarantined.Value, note }, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.ConflictResolution));
    }

    /// <summary>
    /// The orphaned-object fix: the on-premises object behind <paramref name="keepId"/> was deleted and re-created, and
    /// came back as <paramref name="duplicateId"/> with a new anchor. The kept object takes the new anchor (so the next
    /// sync hard-matches it, with its licenses and history) and the duplicate is deleted.
    /// </summary>
    public async Task FixOrphanAsync(Guid tenantId, Guid keepId, Guid duplicateId, string actor, CancellationToken ct)
    {
        if (keepId == duplicateId) throw new DomainException("NotAnOrphan", "The object to keep and the duplicate must be two objects.");
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var objects = (await store.LoadObjectsAsync(tenantId, [keepId, duplicateId], ct)).ToDictionary(o => o.Id);
        if (!objects.TryGetValue(keepId, out var keep) || !objects.TryGetValue(duplicateId, out var duplicate))
            throw new NotFoundException("One of the two objects");
        var oldAnchor = keep.ImmutableId;
        keep.TakeAnchorFrom(duplicate);
        var changes = new DirectoryChanges();
        changes.Delete(duplicate.Id);
        changes.Modify(keep);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "conflict.fixOrphan", $"{keep.Type.ToString().ToLowerInvariant()}/{keepId}",
            new { immutableId = oldAnchor, duplicate = duplicate.Id }, new { immutableId = keep.ImmutableId, deleted = duplicate.Id }, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.ConflictResolution));
    }
}
