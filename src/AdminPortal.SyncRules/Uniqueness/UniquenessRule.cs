using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Uniqueness;

/// <summary>A value another object already holds.</summary>
public sealed record ValueConflict(ConflictProperty Property, string Value, DirectoryObject Holder, bool Quarantinable);

/// <summary>
/// UPN and proxy addresses are unique across all users, groups and contacts of a tenant, case-insensitively
/// (proxy addresses whatever their SMTP:/smtp: prefix). With resiliency on for the attribute, a conflict is
/// quarantinable; off, it fails the whole object with AttributeValueMustBeUnique.
/// </summary>
public static class UniquenessRule
{
    /// <summary>The values another object already holds. The object itself must be detached from the index.</summary>
    public static IEnumerable<(ConflictProperty Property, string Value, DirectoryObject Holder)> Taken(DirectoryIndex index, string? upn,
        IEnumerable<ProxyAddress> proxies)
    {
        if (upn is not null && index.ByUpn(DirectoryValue.Normalize(upn)) is { } upnHolder)
            yield return (ConflictProperty.UserPrincipalName, upn, upnHolder);
        foreach (var p in proxies)
            if (index.ByProxy(p.Normalized) is { } holder)
                yield return (ConflictProperty.ProxyAddress, p.Value, holder);
    }

    /// <summary>A synced object's conflicts, each quarantinable when the attribute's resiliency feature is on.</summary>
    public static List<ValueConflict> Find(Tenant tenant, DirectoryIndex index, string? upn, IEnumerable<ProxyAddress> proxies) =>
        Taken(index, upn, proxies).Select(t => new ValueConflict(t.Property, t.Value, t.Holder, tenant.Features.IsEnabled(
            t.Property == ConflictProperty.UserPrincipalName ? DirSyncFeature.DuplicateUpnResiliency : DirSyncFeature.DuplicateProxyAddressResiliency))).ToList();

    public static SyncError ToError(ValueConflict c) => new(
        SyncErrorCodes.AttributeValueMustBeUnique,
        c.Property.ToString(),
        c.Value,
        $"The {(c.Property == ConflictProperty.UserPrincipalName ? "userPrincipalName" : "proxy address")} '{c.Value}' is already held by " +
        $"{c.Holder.Type.ToString().ToLowerInvariant()} '{c.Holder.DisplayName}' ({c.Holder.Id}), and " +
        $"{(c.Property == ConflictProperty.UserPrincipalName ? "DuplicateUPNResiliency" : "DuplicateProxyAddressResiliency")} is off.");
}
