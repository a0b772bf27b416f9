using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Security;

public sealed class BootstrapKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>Setting Portal:BootstrapAdminKey; when null, no bearer token is accepted by this scheme.</summary>
    public string? Key { get; set; }
}

/// <summary>
/// Scripts' bearer tokens: "Authorization: Bearer &lt;Portal:BootstrapAdminKey&gt;" is a global administrator (how a fresh
/// install is first driven, API.md); a JWT from the configured OpenID Provider carries its roles claim. No header: no
/// result (401 on protected endpoints). Anything else: failure.
/// </summary>
public sealed class BootstrapKeyHandler(IOptionsMonitor<BootstrapKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BootstrapKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string ActorName = "bootstrap-admin";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'.");
        var token = header["Bearer ".Length..].Trim();
        if (Options.Key is { Length: > 0 } key && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(key)))
        {
            var admin = new ClaimsIdentity([new Claim(ClaimTypes.Name, ActorName), new Claim(ClaimTypes.Role, Roles.Admin)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
            return Success(admin);
        }
        if (token.StartsWith(SyncRules.Access.AccessKey.SecretPrefix, StringComparison.Ordinal))
        {
            var accessKey = await Context.RequestServices.GetRequiredService<SyncRules.Access.AccessKeyService>().AuthenticateAsync(token, Context.RequestAborted);
            if (accessKey is null) return AuthenticateResult.Fail("The access key is unknown or revoked.");
            List<Claim> claims = [new(ClaimTypes.Name, $"key:{accessKey.Name}"), new(ClaimTypes.Role, accessKey.Role)];
            if (accessKey.TenantId is { } tenant) claims.Add(new Claim(TenantScope.ClaimType, tenant.ToString()));
            return Success(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role));
        }
        if (token.Count(c => c == '.') == 2 && Context.RequestServices.GetService<Oidc.ProviderTokenValidator>() is { } validator)
        {
            try
            {
                var identity = await validator.ValidateAsync(token, SchemeName, Context.RequestAborted);
                // The actor's name: the user's, or the calling application's.
                if (identity.Name is null && (identity.FindFirst("sub") ?? identity.FindFirst("client_id") ?? identity.FindFirst("azp")) is { } who)
                    identity.AddClaim(new Claim("name", who.Value));
                return Success(identity);
            }
            catch (Oidc.InvalidIdTokenException e)
            {
                return AuthenticateResult.Fail(e.Message);
            }
        }
        return AuthenticateResult.Fail("The bearer token is not valid.");
    }

    private AuthenticateResult Success(ClaimsIdentity identity) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
}
