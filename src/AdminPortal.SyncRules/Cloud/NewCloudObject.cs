using AdminPortal.SyncRules.Directory;

namespace AdminPortal.SyncRules.Cloud;

/// <summary>A cloud-only object as an admin creates it (Graph POST users/groups/contacts).</summary>
public sealed record NewCloudObject(
    ObjectType Type,
    string DisplayName,
    string? UserPrincipalName = null,
    string? Mail = null,
    IReadOnlyList<string>? ProxyAddresses = null,
    string? MailNickname = null,
    bool MailEnabled = true,
    string? OnPremisesImmutableId = null);

/// <summary>An administrator role held by a user (Graph roleManagement/directory/roleAssignments).</summary>
public sealed record RoleAssignment(Guid Id, Guid PrincipalId, string RoleDefinitionId, string DirectoryScopeId);

/// <summary>A change to an object from the cloud side (Graph PATCH); null properties are left as they are.</summary>
public sealed record CloudObjectPatch(
    string? DisplayName = null,
    string? UserPrincipalName = null,
    string? Mail = null,
    string? MailNickname = null,
    IReadOnlyList<string>? ProxyAddresses = null,
    string? OnPremisesImmutableId = null,
    bool ClearOnPremisesImmutableId = false)
{
    /// <summary>The synced attributes this patch touches, by their Graph names.</summary>
    public IEnumerable<string> SyncedAttributes()
    {
        if (DisplayName is not null) yield return "displayName";
        if (UserPrincipalName is not null) yield return "userPrincipalName";
        if (Mail is not null) yield return "mail";
        if (MailNickname is not null) yield return "mailNickname";
        if (ProxyAddresses is not null) yield return "proxyAddresses";
        if (OnPremisesImmutableId is not null || ClearOnPremisesImmutableId) yield return "onPremisesImmutableId";
    }
}
