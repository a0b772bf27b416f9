using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Uniqueness;

namespace AdminPortal.SyncRules.Cloud;

/// <summary>An object of a real tenant as a Graph list page gives it (users, groups, contacts).</summary>
public sealed record ImportedObject(Guid Id, ObjectType Type, string? DisplayName, DateTimeOffset? CreatedDateTime, string? UserPrincipalName, string? Mail,
    string? MailNickname, IReadOnlyList<string?> ProxyAddresses, bool MailEnabled, string? OnPremisesImmutableId, bool OnPremisesSyncEnabled,
    string? OnPremisesDistinguishedName, string? OnPremisesUserPrincipalName);

/// <summary>What a load did: objects (or role assignments) taken in, and those the tenant had already (a page loaded twice).</summary>
public sealed record ImportOutcome(int Imported, int AlreadyThere);

/// <summary>
/// Loads a real tenant's cloud side from Microsoft Graph list pages saved as files, so that the pre-flight's what-if
/// runs against that tenant instead of an empty one: users, groups and contacts keep their ids, synced ones their
/// immutable id, and role assignments make their users administrators. A page is taken whole or not at all, by the same
/// rules as any write: values checked, and a UPN, proxy address or immutable id held by two objects refused.
/// </summary>
public sealed class CloudImportService(ISyncStore store, ITenantLocks locks, TimeProvider clock, IChangeFeed? feed = null)
{
    public async Task<ImportOutcome> ImportObjectsAsync(Guid tenantId, IReadOnlyList<ImportedObject> objects, string actor, CancellationToken ct)
    {
        await store.TenantAsync(tenantId, ct);
        var checkedObjects = Check(objects);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var there = (await store.LoadObjectsAsync(tenantId, objects.Select(o => o.Id).ToList(), ct)).Select(o => o.Id).ToHashSet();
        var fresh = checkedObjects.Where(c => !there.Contains(c.Source.Id)).ToList();
        var index = await store.LoadForBatchAsync(tenantId, new BatchKeys(
            fresh.Where(c => c.Source.OnPremisesImmutableId is not null).Select(c => c.Source.OnPremisesImmutableId!).ToHashSet(),
            fresh.Where(c => c.Source.UserPrincipalName is not null).Select(c => DirectoryValue.Normalize(c.Source.UserPrincipalName!)).ToHashSet(),
            fresh.SelectMany(c => c.Proxies).Select(p => p.Normalized).ToHashSet()), false, ct);

        var now = clock.GetUtcNow();
        var changes = new DirectoryChanges();
        foreach (var (o, proxies, at) in fresh)
        {
            if (UniquenessRule.Taken(index, o.UserPrincipalName, proxies).FirstOrDefault() is { Holder: { } holder } taken)
                throw new DomainException("AttributeValueMustBeUnique",
                    $"{at}: '{taken.Value}' is already held by {holder.DisplayName} ({holder.Id}) in this tenant; nothing of the page was loaded.", RefusalKind.Conflict);
            if (o.OnPremisesImmutableId is { } anchor && index.ByImmutableId(anchor) is { } bound)
                throw new DomainException("AttributeValueMustBeUnique",
                    $"{at}: onPremisesImmutableId '{anchor}' is already {bound.DisplayName}'s ({bound.Id}); nothing of the page was loaded.", RefusalKind.Conflict);
            var imported = DirectoryObject.Import(o.Id, tenantId, o.Type, o.DisplayName!.Trim(), o.CreatedDateTime ?? now, new StoredState
            {
                UserPrincipalName = o.UserPrincipalName, Mail = o.Mail, MailNickname = o.MailNickname,
                MailEnabled = o.Type == ObjectType.Group ? o.MailEnabled : o.Mail is not null || proxies.Count > 0,
                ImmutableId = o.OnPremisesImmutableId, SyncEnabled = o.OnPremisesSyncEnabled, DistinguishedName = o.OnPremisesDistinguishedName,
                OnPremisesUserPrincipalName = o.OnPremisesUserPrincipalName, LastSyncDateTime = o.OnPremisesSyncEnabled ? now : null,
                ProxyAddresses = proxies,
            });
            // Later objects of the page see this one's values, as the tenant will.
            index.Attach(imported);
            changes.Add(imported);
        }
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "cloud.import", "directory/objects", null,
            new { imported = fresh.Count, alreadyThere = objects.Count - fresh.Count, types = fresh.GroupBy(c => c.Source.Type).ToDictionary(g => g.Key.ToString(), g => g.Count()) }, now));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
        return new ImportOutcome(fresh.Count, objects.Count - fresh.Count);
    }

    /// <summary>Role assignments of the page whose principal is a user loaded before; one already an administrator is left as it is.</summary>
    public async Task<ImportOutcome> ImportRoleAssignmentsAsync(Guid tenantId, IReadOnlyList<RoleAssignment> assignments, string actor, CancellationToken ct)
    {
        await store.TenantAsync(tenantId, ct);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var principals = (await store.LoadObjectsAsync(tenantId, assignments.Select(a => a.PrincipalId).Distinct().ToList(), ct)).ToDictionary(o => o.Id);
        for (var i = 0; i < assignments.Count; i++)
            if (!principals.TryGetValue(assignments[i].PrincipalId, out var p) || p.Type != ObjectType.User)
                throw new InputValidationException(new Dictionary<string, string[]>
                {
                    [$"value[{i}].principalId"] = [$"No user {assignments[i].PrincipalId} is in this tenant: load the users page before the role assignments."],
                });
        var fresh = assignments.Where(a => !principals[a.PrincipalId].HasAdminRole).DistinctBy(a => a.PrincipalId).ToList();
        var changes = new DirectoryChanges();
        changes.RoleAssignmentsAdded.AddRange(fresh.Select(a => a with { Id = Guid.CreateVersion7() }));
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "cloud.import", "roleManagement/directory/roleAssignments", null,
            new { imported = fresh.Count, alreadyThere = assignments.Count - fresh.Count }, clock.GetUtcNow()));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.CloudObject));
        return new ImportOutcome(fresh.Count, assignments.Count - fresh.Count);
    }

    /// <summary>Each object's values by the rules of any write, and no value twice in the page; errors named <c>value[i].field</c>.</summary>
    private static List<(ImportedObject Source, List<ProxyAddress> Proxies, string At)> Check(IReadOnlyList<ImportedObject> objects)
    {
        var errors = new Dictionary<string, string[]>();
        var result = new List<(ImportedObject, List<ProxyAddress>, string)>();
        var ids = new HashSet<Guid>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var at = $"value[{i}]";
            void Fail(string field, string message) => errors[$"{at}.{field}"] = [message];
            if (!ids.Add(o.Id)) Fail("id", $"The id {o.Id} appears twice in the page.");
            if (AttributeRules.DisplayNameProblem(o.DisplayName) is { } name) Fail("displayName", name);
            if (o.Type == ObjectType.User && o.UserPrincipalName is null) Fail("userPrincipalName", "A user has a userPrincipalName.");
            if (o.UserPrincipalName is { } upn && AttributeRules.UpnProblem(upn) is { } bad) Fail("userPrincipalName", bad);
            if (o.Mail is { } mail && AttributeRules.MailProblem(mail) is { } badMail) Fail("mail", badMail);
            if (o.OnPremisesSyncEnabled && o.OnPremisesImmutableId is null) Fail("onPremisesImmutableId", "A synced object (onPremisesSyncEnabled true) has its onPremisesImmutableId.");
            if (BatchValidator.ProxyAddressErrors(o.ProxyAddresses, $"{at}.proxyAddresses") is { } proxyErrors)
                foreach (var (field, messages) in proxyErrors) errors[field] = messages;
            var proxies = o.ProxyAddresses.Where(p => p is not null).Select(p => new ProxyAddress(p!)).ToList();
            foreach (var key in proxies.Select(p => "proxy:" + p.Normalized)
                         .Concat(o.UserPrincipalName is { } u ? ["upn:" + DirectoryValue.Normalize(u)] : [])
                         .Concat(o.OnPremisesImmutableId is { } a ? ["anchor:" + a] : []))
                if (!values.TryAdd(key, at)) Fail("id", $"'{key[(key.IndexOf(':') + 1)..]}' is also {values[key]}'s in the same page; a value is held by one object.");
            result.Add((o, proxies, at));
        }
        if (errors.Count > 0) throw new InputValidationException(errors);
        return result;
    }
}
