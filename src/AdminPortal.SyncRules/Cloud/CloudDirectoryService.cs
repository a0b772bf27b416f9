using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Cloud;

/// <summary>
/// Cloud-side changes: cloud-only objects, licenses, admin roles. A cloud write that would duplicate a UPN or proxy
/// address is refused outright (only synced objects are quarantined).
/// </summary>
public sealed class CloudDirectoryService(ISyncStore store, TenantLocks locks, TimeProvider clock)
{
    public async Task<DirectoryObject> CreateAsync(Guid tenantId, NewCloudObject request, string actor, CancellationToken ct)
    {
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        var proxies = ProxiesOf(request);
        if (request.Type == ObjectType.User && (request.UserPrincipalName is null || BatchValidator.UpnProblem(request.UserPrincipalName) is not null))
            throw new DomainException("InvalidUserPrincipalName", $"userPrincipalName '{request.UserPrincipalName}' is not a valid UPN.");
        using var _ = await locks.AcquireAsync(tenantId, ct);
        var index = await store.LoadForBatchAsync(tenantId, new Ports.BatchKeys(
            new HashSet<string>(request.OnPremisesImmutableId is null ? [] : [request.OnPremisesImmutableId]),
            new HashSet<string>(request.UserPrincipalName is null ? [] : [request.UserPrincipalName.ToLowerInvariant()]),
            proxies.Select(p => p.Normalized).ToHashSet()), false, ct);
        RefuseDuplicates(index, request.UserPrincipalName, proxies);
        if (request.OnPremisesImmutableId is { } anchor && index.ByImmutableId(anchor) is not null)
            throw new DomainException("AttributeValueMustBeUnique", $"onPremisesImmutableId '{anchor}' is already in use.");

        var now = clock.GetUtcNow();
        var o = new DirectoryObject(Guid.CreateVersion7(), tenant.Id, request.Type, request.DisplayName, now)
        {
            UserPrincipalName = request.UserPrincipalName, Mail = request.Mail, MailNickname = request.MailNickname,
            MailEnabled = request.Type == ObjectType.Group ? request.MailEnabled : proxies.Count > 0,
            ImmutableId = request.OnPremisesImmutableId,
        };
        o.SetProxyAddresses(proxies);
        var changes = new DirectoryChanges();
        changes.Add(o);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "object.create", $"{o.Type.ToString().ToLowerInvariant()}/{o.Id}", null,
            new { o.DisplayName, o.UserPrincipalName, o.Mail, proxyAddresses = proxies.Select(p => p.Value) }, now));
        await store.SaveAsync(tenantId, changes, ct);
        return o;
    }

    public async Task AssignLicensesAsync(Guid tenantId, Guid objectId, IReadOnlyList<Guid> add, IReadOnlyList<Guid> remove, string actor, CancellationToken ct)
    {
        using var _ = await locks.AcquireAsync(tenantId, ct);
        var user = await LoadUserAsync(tenantId, objectId, ct);
        var before = user.AssignedLicenses.ToList();
        user.SetLicenses(before.Except(remove).Concat(add));
        var changes = new DirectoryChanges();
        changes.Modify(user);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "user.assignLicense", $"user/{objectId}", before, user.AssignedLicenses, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
    }

    public async Task<RoleAssignment> AssignRoleAsync(Guid tenantId, Guid principalId, string roleDefinitionId, string actor, CancellationToken ct)
    {
        using var _ = await locks.AcquireAsync(tenantId, ct);
        await LoadUserAsync(tenantId, principalId, ct);
        var assignment = new RoleAssignment(Guid.CreateVersion7(), principalId, roleDefinitionId, "/");
        var changes = new DirectoryChanges();
        changes.RoleAssignmentsAdded.Add(assignment);
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "roleAssignment.create", $"user/{principalId}", null, assignment, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        return assignment;
    }

    private async Task<DirectoryObject> LoadUserAsync(Guid tenantId, Guid objectId, CancellationToken ct)
    {
        var found = (await store.LoadObjectsAsync(tenantId, [objectId], ct)).SingleOrDefault();
        if (found is not { Type: ObjectType.User }) throw new NotFoundException($"User {objectId}");
        return found;
    }

    private static List<ProxyAddress> ProxiesOf(NewCloudObject request)
    {
        var proxies = (request.ProxyAddresses ?? []).Select(p => new ProxyAddress(p)).ToList();
        if (request.Mail is not null && !proxies.Any(p => p.IsPrimarySmtp))
            proxies.Insert(0, ProxyAddress.PrimarySmtp(request.Mail));
        return proxies;
    }

    private static void RefuseDuplicates(DirectoryIndex index, string? upn, IEnumerable<ProxyAddress> proxies)
    {
        if (upn is not null && index.ByUpn(upn.ToLowerInvariant()) is { } holder)
            throw new DomainException("AttributeValueMustBeUnique",
                $"Another object with the same value for property userPrincipalName already exists: '{upn}' is held by {holder.DisplayName} ({holder.Id}).");
        foreach (var p in proxies)
            if (index.ByProxy(p.Normalized) is { } other)
                throw new DomainException("AttributeValueMustBeUnique",
                    $"Another object with the same value for property proxyAddresses already exists: '{p.Value}' is held by {other.DisplayName} ({other.Id}).");
    }
}
