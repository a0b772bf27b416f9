using System.Security.Claims;
using AdminPortal.SyncRules.Access;
using AdminPortal.Web.Security.Credentials;

namespace AdminPortal.Web.Security;

/// <summary>
/// Whether the credential a live portal connection was opened with still holds: its browser session not signed out,
/// its access key not revoked, its bearer token not expired. The bootstrap key holds as long as it is configured.
/// </summary>
public sealed class CredentialValidity(SignInSessions sessions, AccessKeyService keys, TimeProvider clock)
{
    public async Task<bool> HoldsAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity is not { IsAuthenticated: true } identity) return true;
        if (BrowserSession.IdOf(user) is { } session) return await sessions.IsActiveAsync(session, ct);
        if (Guid.TryParse(user.FindFirst(AccessKeyHandler.KeyIdClaim)?.Value, out var key)) return await keys.IsActiveAsync(key, ct);
        if (long.TryParse(user.FindFirst("exp")?.Value, out var expires)) return clock.GetUtcNow() < DateTimeOffset.FromUnixTimeSeconds(expires);
        return identity.AuthenticationType == BootstrapKeyHandler.SchemeName;
    }
}
