namespace AdminPortal.Web.Security.Oidc;

/// <summary>
/// Settings Authentication:Authority, ClientId, ClientSecret (appsettings.template.json). When Authority is set, sign-in
/// goes through that OpenID Provider; a missing or malformed setting stops the app at start with its name.
/// </summary>
public sealed record OidcSettings(Uri Authority, string ClientId, string ClientSecret)
{
    public static OidcSettings? From(IConfiguration config)
    {
        var authority = config["Authentication:Authority"];
        if (string.IsNullOrWhiteSpace(authority)) return null;
        if (!Uri.TryCreate(authority, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new InvalidOperationException($"Setting Authentication:Authority is '{authority}'; it must be the provider's absolute http(s) URL.");
        var clientId = config["Authentication:ClientId"];
        if (string.IsNullOrWhiteSpace(clientId))
            throw new InvalidOperationException("Setting Authentication:ClientId is required when Authentication:Authority is set.");
        var secret = config["Authentication:ClientSecret"];
        if (string.IsNullOrWhiteSpace(secret))
            throw new InvalidOperationException("Setting Authentication:ClientSecret is required when Authentication:Authority is set.");
        return new OidcSettings(uri, clientId, secret);
    }

    public string DiscoveryUrl => Authority.ToString().TrimEnd('/') + "/.well-known/openid-configuration";
}
