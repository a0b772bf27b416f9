using System.Data.Common;
using System.Text.Json;
using AdminPortal.Data.Queries;
using AdminPortal.Data.Rows;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AdminPortal.Data.Stores;

/// <summary>The sync-rules layer's store: targeted loads through EF, atomic writes through the bulk writer.</summary>
public sealed class SyncStore(PortalDbContextFactory factory) : ISyncStore
{
    // Each chunk travels as one parameter (a JSON array on SQLite, an array on PostgreSQL), so few round trips.
    private const int Chunk = 20_000;

    public async Task<Tenant?> FindTenantAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await TenantStore.FindAsync(db, tenantId, ct);
    }

    public async Task<DirectoryIndex> LoadForBatchAsync(Guid tenantId, BatchKeys keys, bool fullSync, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var tenantObjects = await db.DirectoryObjects.CountAsync(o => o.TenantId == tenantId, ct);
        var (objects, failures) = await LoadKeyedAsync(db, tenantId, keys, tenantObjects, ct);

        Dictionary<string, SyncedAnchor>? anchors = null;
        int synced;
        if (fullSync)
        {
            anchors = new Dictionary<string, SyncedAnchor>(StringComparer.Ordinal);
            await foreach (var a in db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.SyncEnabled && o.ImmutableId != null)
                               .Select(o => new { o.ImmutableId, o.Id, o.ObjectType }).AsAsyncEnumerable().WithCancellation(ct))
                anchors[a.ImmutableId!] = new SyncedAnchor(a.Id, (ObjectType)a.ObjectType);
            synced = anchors.Count;
        }
        else synced = await db.DirectoryObjects.CountAsync(o => o.TenantId == tenantId && o.SyncEnabled, ct);
        return new DirectoryIndex(objects, failures, anchors, synced, tenantObjects);
    }

    public async Task LoadIntoAsync(Guid tenantId, DirectoryIndex index, BatchKeys keys, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var (objects, failures) = await LoadKeyedAsync(db, tenantId, keys, index.TenantObjectCount, ct);
        index.AddLoaded(objects, failures);
    }

    /// <summary>
    /// The objects holding any of the keys, and the failures of those anchors; the way chosen by the tenant's size. Only
    /// <paramref name="possible"/> keys are looked up when the caller knows the others are in no object (<see cref="KnownKeys"/>).
    /// </summary>
    internal static async Task<(List<DirectoryObject> Objects, List<SyncFailure> Failures)> LoadKeyedAsync(PortalDbContext db, Guid tenantId, BatchKeys keys,
        int tenantObjects, CancellationToken ct, BatchKeys? possible = null)
    {
        // No keys, nothing to read (a dry run's start, before its first chunk names any).
        if (keys.SourceAnchors.Count == 0 && keys.NormalizedUpns.Count == 0 && keys.NormalizedProxyAddresses.Count == 0) return ([], []);
        var lookUp = possible ?? keys;
        var ids = lookUp.SourceAnchors.Count * 4L >= tenantObjects
            ? await ScanTenantKeysAsync(db, tenantId, lookUp, ct)
            : await LookUpKeysAsync(db, tenantId, lookUp, ct);
        var objects = await LoadObjectsAsync(db, ids, ct);

        // Failures are few per tenant; one read beats a lookup per anchor.
        var failures = (await db.SyncFailures.Unresolved().Where(f => f.TenantId == tenantId).ToListAsync(ct))
            .Where(f => keys.SourceAnchors.Contains(f.SourceAnchor)).Select(RowMapper.ToFailure).ToList();
        return (objects, failures);
    }

    /// <summary>
    /// A delta names few of the tenant's objects: look each key up through its index. The "is not null" keeps EF from
    /// adding its null compensation (an OR for a null in the list), which no index can serve.
    /// </summary>
    private static async Task<HashSet<Guid>> LookUpKeysAsync(PortalDbContext db, Guid tenantId, BatchKeys keys, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        foreach (var chunk in keys.SourceAnchors.Chunk(Chunk))
            ids.UnionWith(await db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.ImmutableId != null && EF.Parameter(chunk).Contains(o.ImmutableId)).Select(o => o.Id).ToListAsync(ct));
        ids.UnionWith((await UpnHoldersAsync(db, tenantId, keys.NormalizedUpns, ct)).Select(h => h.Id));
        foreach (var chunk in keys.NormalizedProxyAddresses.Chunk(Chunk))
            ids.UnionWith(await db.ProxyAddresses.Where(p => p.TenantId == tenantId && EF.Parameter(chunk).Contains(p.Normalized)).Select(p => p.ObjectId).ToListAsync(ct));
        return ids;
    }

    /// <summary>The tenant's objects holding any of these normalized UPNs, each through the (TenantId, UpnNormalized) index.</summary>
    internal static async Task<List<(Guid Id, string Upn)>> UpnHoldersAsync(PortalDbContext db, Guid tenantId, IEnumerable<string> normalizedUpns, CancellationToken ct)
    {
        var holders = new List<(Guid, string)>();
        foreach (var chunk in normalizedUpns.Chunk(Chunk))
            holders.AddRange((await db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.UpnNormalized != null && EF.Parameter(chunk).Contains(o.UpnNormalized))
                .Select(o => new { o.Id, o.UpnNormalized }).ToListAsync(ct)).Select(o => (o.Id, o.UpnNormalized!)));
        return holders;
    }

    /// <summary>A full sync names most of the tenant: one pass over the tenant's keys beats a million lookups.</summary>
    private static async Task<HashSet<Guid>> ScanTenantKeysAsync(PortalDbContext db, Guid tenantId, BatchKeys keys, CancellationToken ct)
    {
        var ids = new HashSet<Guid>();
        await foreach (var (objectId, kind, key) in TenantKeysAsync(db, tenantId, ct))
        {
            var sought = kind switch { KeyKind.SourceAnchor => keys.SourceAnchors, KeyKind.Upn => keys.NormalizedUpns, _ => keys.NormalizedProxyAddresses };
            if (sought.Contains(key)) ids.Add(objectId);
        }
        return ids;
    }

    internal enum KeyKind { SourceAnchor, Upn, ProxyAddress }

    /// <summary>
    /// Every key the tenant's objects are looked up by — source anchor, normalized UPN, normalized proxy address — with
    /// the object holding it: one pass over the tenant's rows, no lookups.
    /// </summary>
    internal static async IAsyncEnumerable<(Guid ObjectId, KeyKind Kind, string Key)> TenantKeysAsync(PortalDbContext db, Guid tenantId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var o in db.DirectoryObjects.Where(o => o.TenantId == tenantId)
                           .Select(o => new { o.Id, o.ImmutableId, o.UpnNormalized }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (o.ImmutableId is not null) yield return (o.Id, KeyKind.SourceAnchor, o.ImmutableId);
            if (o.UpnNormalized is not null) yield return (o.Id, KeyKind.Upn, o.UpnNormalized);
        }
        await foreach (var p in db.ProxyAddresses.Where(p => p.TenantId == tenantId)
                           .Select(p => new { p.ObjectId, p.Normalized }).AsAsyncEnumerable().WithCancellation(ct))
            yield return (p.ObjectId, KeyKind.ProxyAddress, p.Normalized);
    }

    public async Task<DirectoryIndex> LoadQuarantinedAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var quarantined = await db.Quarantine.Where(q => q.TenantId == tenantId)
                                  .Select(q => new { q.ObjectId, q.Property, q.NormalizedValue }).ToListAsync(ct);
        var ids = quarantined.Select(q => q.ObjectId).ToHashSet();
        var upns = quarantined.Where(q => q.Property == (int)ConflictProperty.UserPrincipalName).Select(q => q.NormalizedValue).Distinct().ToArray();
        var proxies = quarantined.Where(q => q.Property == (int)ConflictProperty.ProxyAddress).Select(q => q.NormalizedValue).Distinct().ToArray();
        foreach (var chunk in upns.Chunk(Chunk))
            ids.UnionWith(await db.DirectoryObjects.Where(o => o.TenantId == tenantId && o.UpnNormalized != null && EF.Parameter(chunk).Contains(o.UpnNormalized)).Select(o => o.Id).ToListAsync(ct));
        foreach (var chunk in proxies.Chunk(Chunk))
            ids.UnionWith(await db.ProxyAddresses.Where(p => p.TenantId == tenantId && EF.Parameter(chunk).Contains(p.Normalized)).Select(p => p.ObjectId).ToListAsync(ct));
        return new DirectoryIndex(await LoadObjectsAsync(db, ids, ct));
    }

    public async Task<IReadOnlyList<DirectoryObject>> LoadObjectsAsync(Guid tenantId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return (await LoadObjectsAsync(db, ids, ct)).Where(o => o.TenantId == tenantId).ToList();
    }

    /// <summary>Objects with their child rows: one flat query per table, stitched in memory (cheaper than joined includes).</summary>
    internal static async Task<List<DirectoryObject>> LoadObjectsAsync(PortalDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var result = new List<DirectoryObject>();
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var rows = await db.DirectoryObjects.Where(o => EF.Parameter(chunk).Contains(o.Id)).ToListAsync(ct);
            var proxies = (await db.ProxyAddresses.Where(p => EF.Parameter(chunk).Contains(p.ObjectId)).ToListAsync(ct)).ToLookup(p => p.ObjectId);
            var quarantine = (await db.Quarantine.Where(q => EF.Parameter(chunk).Contains(q.ObjectId)).ToListAsync(ct)).ToLookup(q => q.ObjectId);
            var licenses = (await db.Licenses.Where(l => EF.Parameter(chunk).Contains(l.ObjectId)).ToListAsync(ct)).ToLookup(l => l.ObjectId);
            var roles = (await db.RoleAssignments.Where(r => EF.Parameter(chunk).Contains(r.PrincipalId)).ToListAsync(ct)).ToLookup(r => r.PrincipalId);
            foreach (var row in rows)
            {
                row.ProxyAddresses = [.. proxies[row.Id]];
                row.Quarantine = [.. quarantine[row.Id]];
                row.Licenses = [.. licenses[row.Id]];
                row.RoleAssignments = [.. roles[row.Id]];
                result.Add(RowMapper.ToObject(row));
            }
        }
        return result;
    }

    public async Task SaveAsync(Guid tenantId, DirectoryChanges changes, CancellationToken ct)
    {
        if (changes.IsEmpty) return;
        await using var unit = await WriteUnit.BeginAsync(factory, ct);
        await unit.RunAsync(w => new ChangeWriter(w, tenantId).WriteAsync(changes), ct);
        await unit.CommitAsync(ct);
    }
}
