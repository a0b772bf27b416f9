using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Uniqueness;

/// <summary>Which UPN the cloud user should carry, and any warning or error on the way.</summary>
public sealed record UpnDecision(string Upn, string? Warning, SyncError? Error);

/// <summary>
/// UPN population and update rules ([UPN], seed 003): an unverified suffix gives the MOERA; a licensed user of a
/// managed domain keeps its UPN unless SynchronizeUpnForManagedUsers is on; a federated user moving between two
/// federated domains needs the tenant to allow it (FederatedDomainChangeError otherwise).
/// </summary>
public static class UpnUpdateRule
{
    /// <param name="existing">The cloud user being updated or matched; null for a new one.</param>
    public static UpnDecision Decide(Tenant tenant, DirectoryObject? existing, string incomingUpn, string? mailNickname)
    {
        var target = incomingUpn;
        string? warning = null;
        var suffix = DomainOf(incomingUpn);
        if (tenant.AuthenticationOf(suffix) is null)
        {
            var nickname = string.IsNullOrEmpty(mailNickname) ? incomingUpn[..incomingUpn.IndexOf('@')] : mailNickname;
            target = $"{nickname}@{tenant.InitialDomain}";
            warning = $"The UPN suffix '{suffix}' is not a verified domain of the tenant; the cloud UPN is '{target}' (MOERA).";
        }
        if (existing is null) return new(target, warning, null);

        var current = CurrentSourceUpn(existing);
        if (current is null || string.Equals(current, target, StringComparison.Ordinal)) return new(target, warning, null);

        var currentAuth = tenant.AuthenticationOf(DomainOf(current)) ?? DomainAuthentication.Managed;
        if (currentAuth == DomainAuthentication.Federated)
        {
            var targetDomain = DomainOf(target);
            var targetAuth = tenant.AuthenticationOf(targetDomain);
            if (targetAuth == DomainAuthentication.Federated && !targetDomain.Equals(DomainOf(current), StringComparison.OrdinalIgnoreCase)
                && !tenant.FederatedDomainChangeAllowed)
                return new(current, null, new SyncError(SyncErrorCodes.FederatedDomainChangeError, "UserPrincipalName", incomingUpn,
                    $"The UPN of a federated user cannot move from federated domain '{DomainOf(current)}' to federated domain '{targetDomain}' in this tenant."));
            return new(target, warning, null);
        }
        if (existing.IsLicensed && !tenant.Features.IsEnabled(DirSyncFeature.SynchronizeUpnForManagedUsers))
            return new(current, $"The UPN change to '{incomingUpn}' was not applied: the user is licensed in a managed domain and SynchronizeUpnForManagedUsers is off.", null);
        return new(target, warning, null);
    }

    /// <summary>The UPN the user got from on premises last time: a quarantined UPN stands in for its placeholder.</summary>
    public static string? CurrentSourceUpn(DirectoryObject user) =>
        user.Quarantine.FirstOrDefault(q => q.Property == ConflictProperty.UserPrincipalName)?.Value ?? user.UserPrincipalName;

    public static string DomainOf(string upn) => upn[(upn.LastIndexOf('@') + 1)..];
}
