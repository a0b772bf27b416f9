using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Ports;

/// <summary>The values a batch may touch: the store loads the objects holding any of them, and nothing else.</summary>
public sealed record BatchKeys(
    IReadOnlySet<string> SourceAnchors,
    IReadOnlySet<string> NormalizedUpns,
    IReadOnlySet<string> NormalizedProxyAddresses)
{
    public static BatchKeys None { get; } = new(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());
}

/// <summary>A tenant by its id: what both stores below read first.</summary>
public interface ITenantLookup
{
    Task<Tenant?> FindTenantAsync(Guid tenantId, CancellationToken ct);
}

public static class TenantLookup
{
    /// <summary>The tenant, or <see cref="NotFoundException"/> (a 404 at every surface) when there is none with that id.</summary>
    public static async Task<Tenant> TenantAsync(this ITenantLookup store, Guid tenantId, CancellationToken ct) =>
        await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
}

/// <summary>What the sync-rules layer needs from storage. Implemented by AdminPortal.Data.</summary>
public interface ISyncStore : ITenantLookup
{
    /// <summary>The objects holding any of the keys, the failures of those anchors, and for a full sync every synced anchor.</summary>
    Task<DirectoryIndex> LoadForBatchAsync(Guid tenantId, BatchKeys keys, bool fullSync, CancellationToken ct);

    /// <summary>The objects holding any of more keys, and those anchors' failures, added to an index loaded before (<see cref="DirectoryIndex.AddLoaded"/>).</summary>
    Task LoadIntoAsync(Guid tenantId, DirectoryIndex index, BatchKeys keys, CancellationToken ct);

    /// <summary>The objects of the tenant with these ids (missing ones are left out).</summary>
    Task<IReadOnlyList<Directory.DirectoryObject>> LoadObjectsAsync(Guid tenantId, IReadOnlyCollection<Guid> ids, CancellationToken ct);

    /// <summary>Every object with a quarantined value, and the objects now holding those values.</summary>
    Task<DirectoryIndex> LoadQuarantinedAsync(Guid tenantId, CancellationToken ct);

    /// <summary>Writes all of it in one transaction. Throws <see cref="ConcurrentChangeException"/> if another writer got there first.</summary>
    Task SaveAsync(Guid tenantId, DirectoryChanges changes, CancellationToken ct);
}

/// <summary>Tenants and their settings.</summary>
public interface ITenantStore : ITenantLookup
{
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct);

    /// <summary>Throws <see cref="DomainException"/> with code DuplicateTenant if the initial domain is taken.</summary>
    Task AddTenantAsync(Tenant tenant, Audit.AuditEvent created, CancellationToken ct);

    /// <summary>
    /// Stores the change with its audit in one transaction, each setting only where it still holds the state the change
    /// was decided on. Throws <see cref="ConcurrentChangeException"/> when another writer changed one meanwhile.
    /// </summary>
    Task SaveTenantSettingsAsync(Features.TenantSettingsChange change, CancellationToken ct);
}
