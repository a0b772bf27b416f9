using System.Security.Claims;
using AdminPortal.SyncRules.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AdminPortal.Web.Security;

/// <summary>
/// Ties each sign-in cookie to a session kept on the server (<see cref="SignInSessions"/>): started at sign-in (the
/// development sign-in and the identity provider's alike), ended at sign-out, and checked on every request, so a cookie
/// from a signed-out session is refused even where a copy of it survives.
/// </summary>
public static class BrowserSession
{
    public const string ClaimType = "adminportal/session";

    public static void Track(CookieAuthenticationEvents events)
    {
        events.OnSigningIn = async context =>
        {
            if (context.Principal?.Identity is not ClaimsIdentity identity) return;
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SignInSessions>();
            var id = await sessions.StartAsync(identity.Name ?? "", context.HttpContext.RequestAborted);
            identity.AddClaim(new Claim(ClaimType, id.ToString()));
        };
        events.OnSigningOut = async context =>
        {
            if (IdOf(context.HttpContext.User) is not { } id) return;
            await context.HttpContext.RequestServices.GetRequiredService<SignInSessions>().EndAsync(id, context.HttpContext.RequestAborted);
            Log(context.HttpContext).LogInformation("Session {Session} of {User} signed out", id, context.HttpContext.User.Identity?.Name);
        };
        events.OnValidatePrincipal = async context =>
        {
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SignInSessions>();
            if (IdOf(context.Principal) is { } id && await sessions.IsActiveAsync(id, context.HttpContext.RequestAborted)) return;
            // Signed out elsewhere, or a cookie from before sessions were kept: sign in again.
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PortalSignIn.CookieScheme);
        };
    }

    public static Guid? IdOf(ClaimsPrincipal? user) => Guid.TryParse(user?.FindFirst(ClaimType)?.Value, out var id) ? id : null;

    private static ILogger Log(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BrowserSession));
}
