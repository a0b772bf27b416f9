using AdminPortal.Data.Stores;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

/// <summary>Reads of users, groups and contacts, shared by the Graph-compatible API and the portal.</summary>
public sealed class DirectoryQueries(PortalDbContextFactory factory) : IDirectoryQueries
{
    /// <summary>Ordered by id and paged by key, so page 1,000 costs what page 1 does.</summary>
    public async Task<KeysetPage<DirectoryObject>> ListAsync(Guid tenantId, ObjectType type, DirectoryFilter filter, int top, Guid? after,
        CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = Matching(db, tenantId, type, filter);
        if (after is { } key) query = query.Where(o => o.Id.CompareTo(key) > 0);
        return await PageByIdAsync(db, query, top, ct);
    }

    /// <summary>The tenant's objects of a type that a Graph $filter (parsed) matches, unordered: what a list pages through.</summary>
    public static IQueryable<Rows.DirectoryObjectRow> Matching(PortalDbContext db, Guid tenantId, ObjectType type, DirectoryFilter filter)
    {
        var query = db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.ObjectType == (int)type);
        // As DirectoryObject.OnPremisesSyncEnabled reads: true while synced, false once synced and now cloud-managed, null
        // (matched by neither) for an object never synced — as Graph answers "eq false" with no cloud-only object.
        if (filter.OnPremisesSyncEnabled is { } synced)
            query = synced ? query.Where(o => o.SyncEnabled) : query.Where(o => !o.SyncEnabled && o.IsCloudManaged);
        if (filter.UserPrincipalName is { } upn)
        {
            var normalized = DirectoryValue.Normalize(upn);
            query = query.Where(o => o.UpnNormalized == normalized);
        }
        if (filter.DisplayNameStartsWith is { } prefix) query = query.Where(o => o.DisplayName.StartsWith(prefix));
        if (filter.HasPropertyConflict is { } conflict)
            query = query.Where(o => db.Quarantine.Any(q => q.ObjectId == o.Id) == conflict);
        if (filter.HasServiceProvisioningErrorResolved is { } resolved)
        {
            var errors = resolved ? db.SyncFailures.Resolved() : db.SyncFailures.Unresolved();
            query = query.Where(o => errors.Any(f => f.TenantId == tenantId && f.ObjectId == o.Id));
        }
        return query;
    }

    /// <summary>Users, groups and contacts whose display name, UPN or mail starts with the text; by id, keyset-paged.</summary>
    public async Task<KeysetPage<DirectoryObject>> SearchAsync(Guid tenantId, string? text, ObjectType? type, int top, Guid? after, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = db.DirectoryObjects.Where(o => o.TenantId == tenantId);
        if (type is { } t) query = query.Where(o => o.ObjectType == (int)t);
        if (!string.IsNullOrWhiteSpace(text))
        {
            var s = text.Trim();
            var lower = s.ToLowerInvariant();
            query = query.Where(o => o.DisplayName.StartsWith(s) || o.UpnNormalized!.StartsWith(lower) || o.Mail!.StartsWith(s)
                                     || db.ProxyAddresses.Any(p => p.ObjectId == o.Id && p.Normalized.Contains(lower)));
        }
        if (after is { } key) query = query.Where(o => o.Id.CompareTo(key) > 0);
        return await PageByIdAsync(db, query, top, ct);
    }

    /// <summary>One page of a filtered query in id order (one more id read to know whether a next page exists), then its objects in full.</summary>
    private static async Task<KeysetPage<DirectoryObject>> PageByIdAsync(PortalDbContext db, IQueryable<Rows.DirectoryObjectRow> query, int top, CancellationToken ct)
    {
        var ids = await query.OrderBy(o => o.Id).Select(o => o.Id).Take(top + 1).ToListAsync(ct);
        var page = ids.Take(top).ToList();
        var objects = (await SyncStore.LoadObjectsAsync(db, page, ct)).ToDictionary(o => o.Id);
        return new KeysetPage<DirectoryObject>(page.Select(id => objects[id]).ToList(), ids.Count > top ? page[^1] : null);
    }

    public async Task<IReadOnlyList<SyncRules.Cloud.RoleAssignment>> RoleAssignmentsAsync(Guid tenantId, Guid? principalId, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = db.RoleAssignments.Where(r => r.TenantId == tenantId);
        if (principalId is { } p) query = query.Where(r => r.PrincipalId == p);
        return (await query.OrderBy(r => r.Id).ToListAsync(ct))
            .Select(r => new SyncRules.Cloud.RoleAssignment(r.Id, r.PrincipalId, r.RoleDefinitionId, r.DirectoryScopeId)).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<SyncRules.Sync.SyncFailure>>> ServiceProvisioningErrorsAsync(Guid tenantId,
        IReadOnlyCollection<Guid> objectIds, CancellationToken ct)
    {
        if (objectIds.Count == 0) return new Dictionary<Guid, IReadOnlyList<SyncRules.Sync.SyncFailure>>();
        await using var db = factory.CreateQueryContext();
        var ids = objectIds.Cast<Guid?>().ToList();
        var rows = await db.SyncFailures.Where(f => f.TenantId == tenantId && f.ObjectId != null && ids.Contains(f.ObjectId)).ToListAsync(ct);
        return rows.GroupBy(f => f.ObjectId!.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<SyncRules.Sync.SyncFailure>)g.Select(RowMapper.ToFailure).ToList());
    }

    public async Task<IReadOnlyDictionary<Guid, string>> DistinguishedNamesAsync(Guid tenantId, IReadOnlyCollection<Guid> objectIds, CancellationToken ct)
    {
        var names = new Dictionary<Guid, string>();
        if (objectIds.Count == 0) return names;
        await using var db = factory.CreateQueryContext();
        // In chunks: a full export that leaves out a whole OU can delete tens of thousands, more than one statement's parameters.
        foreach (var chunk in objectIds.Chunk(10_000))
            foreach (var o in await db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.DistinguishedName != null && EF.Parameter(chunk).Contains(o.Id))
                         .Select(o => new { o.Id, o.DistinguishedName }).ToListAsync(ct))
                names[o.Id] = o.DistinguishedName!;
        return names;
    }

    public async Task<DirectoryObject> GetAsync(Guid tenantId, Guid id, ObjectType? type, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var found = (await SyncStore.LoadObjectsAsync(db, [id], ct)).SingleOrDefault();
        if (found is null || found.TenantId != tenantId || (type is { } t && found.Type != t))
            throw new NotFoundException($"{(type?.ToString() ?? "Object")} {id}");
        return found;
    }
}
