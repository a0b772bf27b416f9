using System.Security.Claims;
using AdminPortal.SyncRules;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace AdminPortal.Web.Security;

/// <summary>
/// The signed-in user of a live page. Buttons are shown by role, but every action asks here again, at the moment it
/// runs, with the circuit's current authentication state: a forged event or a role lost meanwhile changes nothing.
/// </summary>
public sealed class PortalUser(AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    public async Task<ClaimsPrincipal> CurrentAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<bool> MayAsync(string policy) => (await authorization.AuthorizeAsync(await CurrentAsync(), policy)).Succeeded;

    /// <summary>The actor's name for the audit log, when the user may act under <paramref name="policy"/>.</summary>
    public async Task<string> RequireAsync(string policy)
    {
        var user = await CurrentAsync();
        if (!(await authorization.AuthorizeAsync(user, policy)).Succeeded)
            throw new NotPermittedException($"This needs the {Policies.RoleNeededFor(policy)} role; nothing was changed.");
        return user.Identity?.Name ?? throw new NotPermittedException("You are not signed in; nothing was changed.");
    }
}
