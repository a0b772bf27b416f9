using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace AdminPortal.Web.Security.Credentials;

/// <summary>
/// Which scheme reads a request, chosen from the shape of its credential, never from its URL: a JWT goes to the
/// identity provider's bearer scheme, an access key to its own, any other bearer token to the bootstrap key's, and a
/// request without an Authorization header is a browser's, read from its cookie.
/// </summary>
public static class Credential
{
    public const string PolicyScheme = "Portal";

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } token ? token : null;
    }

    public static string SchemeFor(HttpContext context, bool identityProvider)
    {
        if (context.Request.Headers.Authorization.Count == 0) return PortalSignIn.CookieScheme;
        var token = BearerToken(context.Request) ?? "";
        if (token.StartsWith(SyncRules.Access.AccessKey.SecretPrefix, StringComparison.Ordinal)) return AccessKeyHandler.SchemeName;
        if (identityProvider && token.Count(c => c == '.') == 2) return JwtBearerDefaults.AuthenticationScheme;
        // The bootstrap key, or anything malformed: that scheme refuses what is not exactly the key.
        return BootstrapKeyHandler.SchemeName;
    }
}
