using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Web;

namespace AdminPortal.Web.Security;

/// <summary>
/// Sign-in and API tokens through Microsoft.Identity.Web, configured from the AzureAd section: browsers by the
/// authorization code flow with PKCE, scripts by bearer access tokens issued for this app. App roles come from the
/// "roles" claim. For a provider that is not Entra ID, the documented options hooks point the handlers at its own
/// issuer and metadata; Entra ID keeps Identity.Web's own validation untouched.
/// </summary>
public static class IdentityProvider
{
    public const string WebScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string ApiScheme = JwtBearerDefaults.AuthenticationScheme;

    public static void AddPortalIdentityProvider(this AuthenticationBuilder auth, IServiceCollection services, IConfiguration config,
        IdentityProviderSettings settings, bool development, Uri? publicUrl)
    {
        var section = config.GetSection(IdentityProviderSettings.Section);
        auth.AddMicrosoftIdentityWebApp(section, WebScheme, cookieScheme: null);
        auth.AddMicrosoftIdentityWebApi(section, ApiScheme);
        services.AddSingleton(settings);

        services.Configure<OpenIdConnectOptions>(WebScheme, o =>
        {
            o.SignInScheme = PortalSignIn.CookieScheme;
            o.ResponseType = "code";
            o.UsePkce = true;
            // The id_token is kept in the session to hint the provider at sign-out.
            o.SaveTokens = true;
            // Identity.Web's web-app handler maps inbound claims: "roles" arrives as ClaimTypes.Role, as the
            // development sign-in and the keys carry it too.
            o.TokenValidationParameters.NameClaimType = "name";
            o.TokenValidationParameters.RoleClaimType = ClaimTypes.Role;
            // The code comes back in a top-level GET (response_mode=query, the code protected by PKCE), so the correlation
            // and nonce cookies can be SameSite=Lax; a cross-site form_post would need SameSite=None, lost on plain http.
            o.ResponseMode = "query";
            o.CorrelationCookie.SameSite = o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = o.NonceCookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.Events.OnRemoteFailure = context =>
            {
                context.HandleResponse();
                return NoticePage.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Sign-in failed", "Sign-in did not complete",
                    [$"The identity provider's answer was refused: {context.Failure?.Message}"], ("Try again", "/signin"));
            };
            if (publicUrl is not null) RedirectToPublicUrl(o, publicUrl);
            if (settings.IsEntraId) return;
            UseStandardProvider(settings, o.TokenValidationParameters);
            o.Authority = settings.Issuer;
            o.MetadataAddress = settings.MetadataAddress;
            o.RequireHttpsMetadata = !settings.IsLoopbackProvider;
            o.Scope.Add("roles");
        });

        services.Configure<JwtBearerOptions>(ApiScheme, o =>
        {
            o.MapInboundClaims = false;
            ReadRolesAndNames(o.TokenValidationParameters);
            o.TokenValidationParameters.ValidAudiences = settings.Audiences;
            var identityWebCheck = o.Events.OnTokenValidated;
            o.Events.OnTokenValidated = async context =>
            {
                // An id_token is signed by the same provider for the same audience; it is still no API token.
                if (!IsAccessToken(context.Principal))
                {
                    context.Fail("The bearer token is an id_token, not an access token for this API.");
                    return;
                }
                await identityWebCheck(context);
            };
            if (settings.IsEntraId) return;
            UseStandardProvider(settings, o.TokenValidationParameters);
            o.Authority = settings.Issuer;
            o.MetadataAddress = settings.MetadataAddress;
            o.RequireHttpsMetadata = !settings.IsLoopbackProvider;
        });

        services.AddHealthChecks().AddCheck<ProviderReachable>("identity-provider", tags: ["ready"]);
    }

    /// <summary>
    /// The provider sends the browser back to Hosting:PublicUrl, not to whatever Host a request named: a forged Host
    /// can neither steer the redirect nor make the provider refuse it (a pushed authorization request would fail as a 500).
    /// </summary>
    private static void RedirectToPublicUrl(OpenIdConnectOptions o, Uri publicUrl)
    {
        var signIn = o.Events.OnRedirectToIdentityProvider;
        o.Events.OnRedirectToIdentityProvider = context =>
        {
            context.ProtocolMessage.RedirectUri = new Uri(publicUrl, context.Options.CallbackPath.Value).ToString();
            return signIn(context);
        };
        var signOut = o.Events.OnRedirectToIdentityProviderForSignOut;
        o.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            context.ProtocolMessage.PostLogoutRedirectUri = new Uri(publicUrl, context.Options.SignedOutCallbackPath.Value).ToString();
            return signOut(context);
        };
    }

    /// <summary>
    /// An access token names the client it was issued to (azp or appid in Entra ID's, client_id in RFC 9068's) and
    /// carries no nonce; an id_token carries the nonce of the sign-in and no such claim.
    /// </summary>
    public static bool IsAccessToken(ClaimsPrincipal? principal) =>
        principal is not null && principal.FindFirst("nonce") is null &&
        (principal.FindFirst("azp") ?? principal.FindFirst("appid") ?? principal.FindFirst("client_id")) is not null;

    /// <summary>The provider's configuration, or why it cannot be had (sign-in answers with that instead of a 500).</summary>
    public static async Task<string?> UnreachableBecauseAsync(IServiceProvider services, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(WebScheme);
        try
        {
            if (options.ConfigurationManager is { } manager) await manager.GetConfigurationAsync(ct);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or HttpRequestException)
        {
            return e.InnerException?.Message ?? e.Message;
        }
    }

    /// <summary>API tokens are read unmapped: the app role from "roles", the actor's name from "name".</summary>
    private static void ReadRolesAndNames(Microsoft.IdentityModel.Tokens.TokenValidationParameters p)
    {
        p.NameClaimType = "name";
        p.RoleClaimType = "roles";
    }

    /// <summary>A standard provider's issuer is its configured Instance: validated exactly, in place of Entra ID's multi-tenant issuer rule.</summary>
    private static void UseStandardProvider(IdentityProviderSettings settings, Microsoft.IdentityModel.Tokens.TokenValidationParameters p)
    {
        p.ValidIssuer = settings.Issuer;
        p.IssuerValidator = null;
    }

    /// <summary>/health/ready reports an identity provider that cannot be reached (the app still starts and serves the APIs' keys).</summary>
    private sealed class ProviderReachable(IServiceProvider services) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            await UnreachableBecauseAsync(services, ct) is { } reason
                ? HealthCheckResult.Unhealthy($"The identity provider cannot be reached: {reason}")
                : HealthCheckResult.Healthy();
    }
}
