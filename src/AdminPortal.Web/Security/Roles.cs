namespace AdminPortal.Web.Security;

/// <summary>The app roles, as the identity provider's "roles" claim carries them.</summary>
public static class Roles
{
    public const string Reader = "Portal.Reader";
    public const string Operator = "Portal.Operator";
    public const string Admin = "Portal.Admin";
    public const string SyncClient = "Portal.SyncClient";

    /// <summary>The most capable role the user holds, as the portal's header shows it.</summary>
    public static string Highest(System.Security.Claims.ClaimsPrincipal user) =>
        new[] { Admin, Operator, Reader, SyncClient }.FirstOrDefault(user.IsInRole) ?? "no role";
}

/// <summary>Authorization policies, named once and used by every endpoint (and later every page and form).</summary>
public static class Policies
{
    /// <summary>Reads everything.</summary>
    public const string Read = "Read";
    /// <summary>Resolves conflicts and runs fix-up.</summary>
    public const string Operate = "Operate";
    /// <summary>Features, tenants, access keys.</summary>
    public const string Administer = "Administer";
    /// <summary>Pushes sync batches.</summary>
    public const string PushSync = "PushSync";
    /// <summary>Reads sync runs: every reader, and the sync client that follows its own runs.</summary>
    public const string FollowSync = "FollowSync";

    /// <summary>The least role a policy lets in, as the portal tells a user who lacks it.</summary>
    public static string RoleNeededFor(string policy) => policy switch
    {
        Read or FollowSync => Roles.Reader, Operate => Roles.Operator, Administer => Roles.Admin, PushSync => Roles.SyncClient, _ => policy,
    };

    public static void Configure(Microsoft.AspNetCore.Authorization.AuthorizationOptions options)
    {
        options.AddPolicy(Read, p => p.RequireRole(Roles.Reader, Roles.Operator, Roles.Admin));
        options.AddPolicy(Operate, p => p.RequireRole(Roles.Operator, Roles.Admin));
        options.AddPolicy(Administer, p => p.RequireRole(Roles.Admin));
        // An admin may push a batch too: that is how a fresh install is first driven with the bootstrap key.
        options.AddPolicy(PushSync, p => p.RequireRole(Roles.SyncClient, Roles.Admin));
        options.AddPolicy(FollowSync, p => p.RequireRole(Roles.Reader, Roles.Operator, Roles.Admin, Roles.SyncClient));
        // Anything not explicitly authorized is refused: a new endpoint without a policy fails closed.
        options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }
}
