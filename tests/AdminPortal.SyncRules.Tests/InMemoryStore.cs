using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Tests;

/// <summary>
/// A store in memory for rule scenarios. It hands out copies and takes changes whole, like the real one, so a rule
/// that forgot to record a change shows up as a change that did not happen.
/// </summary>
public sealed class InMemoryStore : ISyncStore, ITenantStore
{
    private readonly Dictionary<Guid, Tenant> tenants = [];
    public Dictionary<Guid, DirectoryObject> Objects { get; } = [];
    public Dictionary<string, SyncFailure> Failures { get; } = [];
    public List<MatchRecord> MatchRecords { get; } = [];
    public List<AuditEvent> Audit { get; } = [];
    public List<SyncBatchRecord> Batches { get; } = [];
    public int Saves { get; private set; }
    public Dictionary<Guid, Cloud.RoleAssignment> Roles { get; } = [];

    public Task<Tenant?> FindTenantAsync(Guid tenantId, CancellationToken ct) => Task.FromResult(tenants.GetValueOrDefault(tenantId));
    public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<Tenant>>(tenants.Values.ToList());

    public Task AddTenantAsync(Tenant tenant, AuditEvent created, CancellationToken ct)
    {
        tenants[tenant.Id] = tenant;
        Audit.Add(created);
        return Task.CompletedTask;
    }

    public Task SaveTenantSettingsAsync(TenantSettingsChange change, CancellationToken ct)
    {
        Audit.AddRange(change.Audit);
        return Task.CompletedTask;
    }

    /// <summary>Loads everything: simpler than key lookups and just as correct for small scenarios.</summary>
    public Task<DirectoryIndex> LoadForBatchAsync(Guid tenantId, BatchKeys keys, bool fullSync, CancellationToken ct)
    {
        var mine = Objects.Values.Where(o => o.TenantId == tenantId).Select(o => o.Clone()).ToList();
        var anchors = fullSync
            ? mine.Where(o => o.SyncEnabled && o.ImmutableId is not null).ToDictionary(o => o.ImmutableId!, o => new SyncedAnchor(o.Id, o.Type))
            : null;
        return Task.FromResult(new DirectoryIndex(mine, Failures.Values, anchors, mine.Count(o => o.SyncEnabled)));
    }

    public async Task LoadIntoAsync(Guid tenantId, DirectoryIndex index, BatchKeys keys, CancellationToken ct)
    {
        var all = await LoadForBatchAsync(tenantId, keys, false, ct);
        index.AddLoaded(all.Objects, Failures.Values);
    }

    public Task<IReadOnlyList<DirectoryObject>> LoadObjectsAsync(Guid tenantId, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<DirectoryObject>>(ids.Where(Objects.ContainsKey).Select(id => Objects[id].Clone()).ToList());

    public Task<DirectoryIndex> LoadQuarantinedAsync(Guid tenantId, CancellationToken ct) =>
        LoadForBatchAsync(tenantId, BatchKeys.None, false, ct);

    public Task SaveAsync(Guid tenantId, DirectoryChanges changes, CancellationToken ct)
    {
        foreach (var o in changes.Modified)
        {
            if (Objects[o.Id].Version != o.Version) throw new ConcurrentChangeException("changed meanwhile");
            o.Saved();
        }
        foreach (var o in changes.Added.Concat(changes.Modified)) Objects[o.Id] = o.Clone();
        foreach (var id in changes.Deleted) Objects.Remove(id);
        foreach (var r in changes.FailuresResolved) Failures.Remove(r.SourceAnchor);
        foreach (var f in changes.FailuresUpserted) Failures[f.SourceAnchor] = f;
        foreach (var r in changes.RoleAssignmentsAdded) { Objects[r.PrincipalId] = WithAdminRole(Objects[r.PrincipalId], true); Roles[r.Id] = r; }
        foreach (var id in changes.RoleAssignmentsRemoved)
            if (Roles.Remove(id, out var removed) && !Roles.Values.Any(r => r.PrincipalId == removed.PrincipalId))
                Objects[removed.PrincipalId] = WithAdminRole(Objects[removed.PrincipalId], false);
        MatchRecords.AddRange(changes.MatchRecords);
        Audit.AddRange(changes.AuditEvents);
        Saves++;
        return Task.CompletedTask;
    }

    /// <summary>What a rolled-back transaction puts back: every collection as it was.</summary>
    public sealed record Snapshot(Dictionary<Guid, DirectoryObject> Objects, Dictionary<string, SyncFailure> Failures, int MatchRecords, int Audit,
        int Batches, Dictionary<Guid, Cloud.RoleAssignment> Roles, int Saves);

    public Snapshot Take() => new(Objects.ToDictionary(o => o.Key, o => o.Value.Clone()), new(Failures), MatchRecords.Count, Audit.Count, Batches.Count,
        new(Roles), Saves);

    public void Restore(Snapshot s)
    {
        Objects.Clear();
        foreach (var (k, v) in s.Objects) Objects[k] = v;
        Failures.Clear();
        foreach (var (k, v) in s.Failures) Failures[k] = v;
        MatchRecords.RemoveRange(s.MatchRecords, MatchRecords.Count - s.MatchRecords);
        Audit.RemoveRange(s.Audit, Audit.Count - s.Audit);
        Batches.RemoveRange(s.Batches, Batches.Count - s.Batches);
        Roles.Clear();
        foreach (var (k, v) in s.Roles) Roles[k] = v;
        Saves = s.Saves;
    }

    /// <summary>As a real store does, the admin role is part of what a load gives back.</summary>
    private static DirectoryObject WithAdminRole(DirectoryObject o, bool admin) =>
        DirectoryObject.Restore(o.Id, o.TenantId, o.Type, o.DisplayName, o.CreatedDateTime, o.ToStoredState() with { HasAdminRole = admin });
}
