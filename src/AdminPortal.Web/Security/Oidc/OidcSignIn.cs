using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AdminPortal.Web.Security.Oidc;

/// <summary>
/// Browser sign-in with an OpenID Provider over the framework's OAuth handler (the OpenIdConnect handler does not restore
/// here): authorization code with PKCE and a nonce, the id_token validated by <see cref="ProviderTokenValidator"/>, the
/// roles claim giving the app role, sign-out through the provider's end-session endpoint.
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc";
    public const string CallbackPath = "/signin-oidc";

    public static AuthenticationBuilder AddPortalOidc(this AuthenticationBuilder auth, IServiceCollection services, OidcSettings settings, bool development)
    {
        var discovery = new ConfigurationManager<OpenIdConnectConfiguration>(settings.DiscoveryUrl, new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever { RequireHttps = settings.Authority.Scheme == "https" });
        OpenIdConnectConfiguration config;
        try
        {
            // The handler needs the endpoints when it is configured: read the discovery document once, at start.
            config = discovery.GetConfigurationAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            throw new InvalidOperationException(
                $"Setting Authentication:Authority is '{settings.Authority}', but its discovery document {settings.DiscoveryUrl} could not be read: {e.Message}", e);
        }
        services.AddSingleton<IConfigurationManager<OpenIdConnectConfiguration>>(discovery);
        services.AddSingleton(settings);
        services.AddSingleton<NonceLedger>();
        services.AddSingleton(sp => new ProviderTokenValidator(discovery, settings.ClientId, sp.GetRequiredService<NonceLedger>(), sp.GetRequiredService<TimeProvider>()));

        return auth.AddOAuth(Scheme, "Sign in with your identity provider", o =>
        {
            o.ClientId = settings.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.AuthorizationEndpoint = config.AuthorizationEndpoint;
            o.TokenEndpoint = config.TokenEndpoint;
            o.CallbackPath = CallbackPath;
            o.UsePkce = true;
            o.SignInScheme = PortalSignIn.CookieScheme;
            o.Scope.Clear();
            foreach (var scope in new[] { "openid", "profile", "roles" }) o.Scope.Add(scope);
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Events.OnRedirectToAuthorizationEndpoint = context =>
            {
                // The nonce travels in the protected state and in the request; the id_token must bring it back.
                context.Response.Redirect(QueryHelpers.AddQueryString(context.RedirectUri, "nonce", context.Properties.Items["nonce"]!));
                return Task.CompletedTask;
            };
            o.Events.OnCreatingTicket = async context =>
            {
                var idToken = context.TokenResponse.Response?.RootElement.TryGetProperty("id_token", out var t) == true ? t.GetString() : null;
                if (string.IsNullOrEmpty(idToken)) throw new InvalidIdTokenException("The provider returned no id_token.");
                var validator = context.HttpContext.RequestServices.GetRequiredService<ProviderTokenValidator>();
                var identity = await validator.ValidateIdTokenAsync(idToken, context.Properties.Items["nonce"] ?? "", PortalSignIn.CookieScheme,
                    context.HttpContext.RequestAborted);
                context.Principal = new System.Security.Claims.ClaimsPrincipal(identity);
                context.Properties.StoreTokens([new AuthenticationToken { Name = "id_token", Value = idToken }]);
            };
            o.Events.OnRemoteFailure = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.HandleResponse();
                return context.Response.WriteAsync($"Sign-in failed: {context.Failure?.Message}");
            };
        });
    }

    /// <summary>Starts a sign-in with a fresh nonce.</summary>
    public static IResult Challenge(string returnUrl) => Results.Challenge(new AuthenticationProperties(new Dictionary<string, string?>
    {
        ["nonce"] = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32)),
    }) { RedirectUri = returnUrl }, [Scheme]);

    /// <summary>Where the browser goes after the local sign-out: the provider's end-session endpoint, with the id_token as hint.</summary>
    public static async Task<string> EndSessionUrlAsync(HttpContext context, string? idToken)
    {
        var config = await context.RequestServices.GetRequiredService<IConfigurationManager<OpenIdConnectConfiguration>>().GetConfigurationAsync(context.RequestAborted);
        if (string.IsNullOrEmpty(config.EndSessionEndpoint)) return "/signed-out";
        var query = new Dictionary<string, string?>
        {
            ["post_logout_redirect_uri"] = $"{context.Request.Scheme}://{context.Request.Host}/signed-out",
            ["client_id"] = context.RequestServices.GetRequiredService<OidcSettings>().ClientId,
        };
        if (idToken is not null) query["id_token_hint"] = idToken;
        return QueryHelpers.AddQueryString(config.EndSessionEndpoint, query);
    }
}
