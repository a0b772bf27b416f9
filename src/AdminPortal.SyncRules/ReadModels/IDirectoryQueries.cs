using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>Users, groups and contacts as Graph and the portal list them. Implemented by AdminPortal.Data.</summary>
public interface IDirectoryQueries
{
    Task<KeysetPage<DirectoryObject>> ListAsync(Guid tenantId, ObjectType type, DirectoryFilter filter, int top, Guid? after, CancellationToken ct);
    Task<KeysetPage<DirectoryObject>> SearchAsync(Guid tenantId, string? text, ObjectType? type, int top, Guid? after, CancellationToken ct);
    Task<IReadOnlyList<Cloud.RoleAssignment>> RoleAssignmentsAsync(Guid tenantId, Guid? principalId, CancellationToken ct);
    Task<DirectoryObject> GetAsync(Guid tenantId, Guid id, ObjectType? type, CancellationToken ct);

    /// <summary>
    /// The on-premises distinguished names of these objects (those that have one), by object: how a what-if names the
    /// synced objects a full export would delete, which the export itself no longer holds.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, string>> DistinguishedNamesAsync(Guid tenantId, IReadOnlyCollection<Guid> objectIds, CancellationToken ct);

    /// <summary>The sync failures of these objects, resolved or not (Graph's serviceProvisioningErrors), by object.</summary>
    Task<IReadOnlyDictionary<Guid, IReadOnlyList<Sync.SyncFailure>>> ServiceProvisioningErrorsAsync(Guid tenantId, IReadOnlyCollection<Guid> objectIds, CancellationToken ct);
}

/// <summary>The filters the Graph-compatible list calls support; null means "not filtered on".</summary>
public sealed record DirectoryFilter(
    bool? HasPropertyConflict = null,
    bool? OnPremisesSyncEnabled = null,
    string? UserPrincipalName = null,
    string? DisplayNameStartsWith = null,
    bool? HasServiceProvisioningErrorResolved = null);

/// <summary>A page of a keyset-paged list: the items, and the key to continue after (null on the last page).</summary>
public sealed record KeysetPage<T>(IReadOnlyList<T> Items, Guid? After);
