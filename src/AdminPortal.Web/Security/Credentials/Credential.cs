using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace AdminPortal.Web.Security.Credentials;

/// <summary>
/// Which scheme reads a request, chosen from the shape of its credential: a JWT goes to the identity provider's
/// bearer scheme, an access key to its own, any other bearer token to the bootstrap key's. A request without an
/// Authorization header is a browser's, read from its cookie — except under /api and /graph, which take bearer
/// credentials only: a browser attaches a cookie to any request a page makes it send, so a cookie there could be
/// spent by a forged cross-site or same-site request (CSRF). The portal's own pages act through their circuit, never
/// through these APIs.
/// </summary>
public static class Credential
{
    public const string PolicyScheme = "Portal";

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } token ? token : null;
    }

    /// <summary>The surfaces scripts call, which take bearer credentials only.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/graph");

    public static string SchemeFor(HttpContext context, bool identityProvider)
    {
        if (context.Request.Headers.Authorization.Count == 0)
            // The bootstrap key's scheme finds no token there: 401 with WWW-Authenticate: Bearer.
            return IsApi(context.Request) ? BootstrapKeyHandler.SchemeName : PortalSignIn.CookieScheme;
        var token = BearerToken(context.Request) ?? "";
        if (token.StartsWith(SyncRules.Access.AccessKey.SecretPrefix, StringComparison.Ordinal)) return AccessKeyHandler.SchemeName;
        if (identityProvider && token.Count(c => c == '.') == 2) return JwtBearerDefaults.AuthenticationScheme;
        // The bootstrap key, or anything malformed: that scheme refuses what is not exactly the key.
        return BootstrapKeyHandler.SchemeName;
    }
}
