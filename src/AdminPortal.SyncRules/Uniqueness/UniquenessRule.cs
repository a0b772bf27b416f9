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
    /// <summary>The conflicts of the values an object wants. The object itself must be detached from the index.</summary>
    public static List<ValueConflict> Find(Tenant tenant, DirectoryIndex index, string? upn, IEnumerable<ProxyAddress> proxies)
    {
        var conflicts = new List<ValueConflict>();
        if (upn is not null && index.ByUpn(upn.ToLowerInvariant()) is { } upnHolder)
            conflicts.Add(new(ConflictProperty.UserPrincipalName, upn, upnHolder,
                tenant.Features.IsEnabled(DirSyncFeature.DuplicateUpnResiliency)));
        var proxyResilient = tenant.Features.IsEnabled(DirSyncFeature.DuplicateProxyAddressResiliency);
        foreach (var p in proxies)
            if (index.ByProxy(p.Normalized) is { } holder)
                conflicts.Add(new(ConflictProperty.ProxyAddress, p.Value, holder, proxyResilient));
        return conflicts;
    }

    public static SyncError ToError(ValueConflict c) => new(
        SyncErrorCodes.AttributeValueMustBeUnique,
        c.Property.ToString(),
        c.Value,
        $"The {(c.Property == ConflictProperty.UserPrincipalName ? "userPrincipalName" : "proxy address")} '{c.Value}' is already held by " +
        $"{c.Holder.Type.ToString().ToLowerInvariant()} '{c.Holder.DisplayName}' ({c.Holder.Id}), and " +
        $"{(c.Property == ConflictProperty.UserPrincipalName ? "DuplicateUPNResiliency" : "DuplicateProxyAddressResiliency")} is off.");
}
