using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;

namespace AdminPortal.SyncRules.Cloud;

/// <summary>
/// Cloud-side changes: cloud-only objects, licenses, admin roles. A cloud write that would duplicate a UPN or proxy
/// address is refused outright (only synced objects are quarantined).
/// </summary>
public sealed class CloudDirectoryService(ISyncStore store, ITenantLocks locks, TimeProvider clock, IChangeFeed? feed = null)
{
    public async Task<DirectoryObject> CreateAsync(Guid tenantId, NewCloudObject request, string actor, CancellationToken ct)
    {
        var tenant = await store.TenantAsync(tenantId, ct);
        CloudObjectRules.Check(request);
        var proxies = ProxiesOf(request);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var index = await store.LoadForBatchAsync(tenantId, new Ports.BatchKeys(
            new HashSet<string>(request.OnPremisesImmutableId is null ? [] : [request.OnPremisesImmutableId]),
            new HashSet<string>(request.UserPrincipalName is null ? [] : [DirectoryValue.Normalize(request.UserPrincipalName)]),
            proxies.Select(p => p.Normalized).ToHashSet()), false, ct);
        RefuseTaken(index, request.UserPrincipalName, proxies, request.OnPremisesImmutableId);

        var now = clock.GetUtcNow();
        var o = DirectoryObject.CreateCloud(Guid.CreateVersion7(), tenant.Id, request, proxies, now);
        var changes = new DirectoryChanges();
        changes.Add(o);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "object.create", $"{o.Type.ToString().ToLowerInvariant()}/{o.Id}", null,
            new { o.DisplayName, o.UserPrincipalName, o.Mail, proxyAddresses = proxies.Select(p => p.Value) }, now));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
        return o;
    }

    /// <summary>
    /// Changes a cloud-only object. An on-premises mastered object refuses changes to its synced attributes; a value
    /// another object holds is refused. A value this change frees is restored to a quarantined object by fix-up.
    /// </summary>
    public async Task<DirectoryObject> UpdateAsync(Guid tenantId, Guid objectId, CloudObjectPatch patch, string actor, CancellationToken ct)
    {
        CloudObjectRules.Check(patch);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var target = (await store.LoadObjectsAsync(tenantId, [objectId], ct)).SingleOrDefault() ?? throw new NotFoundException($"Object {objectId}");
        // Refused before anything else is looked at: the object says what the cloud may not change.
        target.EnsureCloudChangeAllowed(patch);

        var before = Snapshot(target);
        // A new mail becomes the primary SMTP address; given proxy addresses replace the old ones.
        var kept = patch.ProxyAddresses ?? target.ProxyAddresses.Where(p => patch.Mail is null || !p.IsPrimarySmtp).Select(p => p.Value).ToList();
        var proxies = ProxiesOf(new NewCloudObject(target.Type, target.DisplayName, Mail: patch.Mail, ProxyAddresses: kept));
        var index = await store.LoadForBatchAsync(tenantId, new Ports.BatchKeys(
            new HashSet<string>(patch.OnPremisesImmutableId is null ? [] : [patch.OnPremisesImmutableId]),
            new HashSet<string>(patch.UserPrincipalName is null ? [] : [DirectoryValue.Normalize(patch.UserPrincipalName)]),
            proxies.Select(p => p.Normalized).ToHashSet()), false, ct);
        if (index.Find(objectId) is { } self) index.Detach(self);
        RefuseTaken(index, patch.UserPrincipalName, proxies, patch.OnPremisesImmutableId);

        target.ApplyCloudChange(patch, proxies);
        var changes = new DirectoryChanges();
        changes.Modify(target);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "object.update", $"{Name(target)}/{objectId}", before, Snapshot(target), clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
        return target;
    }

    /// <summary>Deletes a cloud-only object; a synced one is deleted on premises, and the next sync removes it.</summary>
    public async Task DeleteAsync(Guid tenantId, Guid objectId, string actor, CancellationToken ct)
    {
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var target = (await store.LoadObjectsAsync(tenantId, [objectId], ct)).SingleOrDefault() ?? throw new NotFoundException($"Object {objectId}");
        if (target.SyncEnabled)
            throw new DomainException("SyncedObjectReadOnly", $"{target.DisplayName} is mastered on premises; delete it there and let sync remove it.");
        var changes = new DirectoryChanges();
        changes.Delete(target.Id);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "object.delete", $"{Name(target)}/{objectId}", Snapshot(target), null, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
    }

    /// <summary>
    /// Moves an object's source of authority to the cloud (<paramref name="cloudManaged"/> true) or gives it back to the
    /// sync client (false), as Graph's onPremisesSyncBehavior; audited with before and after. Asking for the state the
    /// object is in changes nothing.
    /// </summary>
    public async Task<DirectoryObject> SetSourceOfAuthorityAsync(Guid tenantId, Guid objectId, bool cloudManaged, string actor, CancellationToken ct)
    {
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var target = (await store.LoadObjectsAsync(tenantId, [objectId], ct)).SingleOrDefault() ?? throw new NotFoundException($"Object {objectId}");
        if (target.IsCloudManaged == cloudManaged) return target;
        var before = new { isCloudManaged = target.IsCloudManaged, onPremisesSyncEnabled = target.SyncEnabled };
        if (cloudManaged) target.ConvertToCloudManaged();
        else target.ReturnToSyncClient();
        var changes = new DirectoryChanges();
        changes.Modify(target);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, cloudManaged ? "object.convertToCloud" : "object.returnToSyncClient",
            $"{Name(target)}/{objectId}", before, new { isCloudManaged = target.IsCloudManaged, onPremisesSyncEnabled = target.SyncEnabled }, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
        return target;
    }

    public async Task RemoveRoleAssignmentAsync(Guid tenantId, RoleAssignment assignment, string actor, CancellationToken ct)
    {
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var changes = new DirectoryChanges();
        changes.RoleAssignmentsRemoved.Add(assignment.Id);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "roleAssignment.delete", $"user/{assignment.PrincipalId}", assignment, null, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
    }

    private static string Name(DirectoryObject o) => o.Type.ToString().ToLowerInvariant();

    private static object Snapshot(DirectoryObject o) => new
    {
        o.DisplayName, o.UserPrincipalName, o.Mail, o.MailNickname, proxyAddresses = o.ProxyAddresses.Select(p => p.Value).ToList(), o.ImmutableId,
    };

    public async Task AssignLicensesAsync(Guid tenantId, Guid objectId, IReadOnlyList<Guid> add, IReadOnlyList<Guid> remove, string actor, CancellationToken ct)
    {
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var user = await LoadUserAsync(tenantId, objectId, ct);
        var before = user.AssignedLicenses.ToList();
        user.AssignLicenses(add, remove);
        var changes = new DirectoryChanges();
        changes.Modify(user);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "user.assignLicense", $"user/{objectId}", before, user.AssignedLicenses, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
    }

    public async Task<RoleAssignment> AssignRoleAsync(Guid tenantId, Guid principalId, string roleDefinitionId, string actor, CancellationToken ct)
    {
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        await LoadUserAsync(tenantId, principalId, ct);
        var assignment = new RoleAssignment(Guid.CreateVersion7(), principalId, roleDefinitionId, "/");
        var changes = new DirectoryChanges();
        changes.RoleAssignmentsAdded.Add(assignment);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "roleAssignment.create", $"user/{principalId}", null, assignment, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
        return assignment;
    }

    private async Task<DirectoryObject> LoadUserAsync(Guid tenantId, Guid objectId, CancellationToken ct)
    {
        var found = (await store.LoadObjectsAsync(tenantId, [objectId], ct)).SingleOrDefault();
        if (found is not { Type: ObjectType.User }) throw new NotFoundException($"User {objectId}");
        return found;
    }

    /// <summary>The object's proxy addresses (already checked by <see cref="CloudObjectRules"/>); mail becomes the primary.</summary>
    private static List<ProxyAddress> ProxiesOf(NewCloudObject request)
    {
        var proxies = (request.ProxyAddresses ?? []).Select(p => new ProxyAddress(p)).ToList();
        if (request.Mail is not null && !proxies.Any(p => p.IsPrimarySmtp))
            proxies.Insert(0, ProxyAddress.PrimarySmtp(request.Mail));
        return proxies;
    }

    /// <summary>A cloud write never quarantines: a value another object holds refuses the whole write, as Graph does.</summary>
    private static void RefuseTaken(DirectoryIndex index, string? upn, IEnumerable<ProxyAddress> proxies, string? immutableId)
    {
        if (UniquenessRule.Taken(index, upn, proxies).FirstOrDefault() is { Holder: not null } taken)
            throw new DomainException("AttributeValueMustBeUnique",
                $"Another object with the same value for property {(taken.Property == ConflictProperty.UserPrincipalName ? "userPrincipalName" : "proxyAddresses")} " +
                $"already exists: '{taken.Value}' is held by {taken.Holder.DisplayName} ({taken.Holder.Id}).");
        if (immutableId is not null && index.ByImmutableId(immutableId) is not null)
            throw new DomainException("AttributeValueMustBeUnique", $"onPremisesImmutableId '{immutableId}' is already in use.");
    }
}
