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
