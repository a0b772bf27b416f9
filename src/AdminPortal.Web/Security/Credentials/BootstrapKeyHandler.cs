using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Security.Credentials;

public sealed class BootstrapKeyOptions : AuthenticationSchemeOptions
{
    /// <summary>Setting Portal:BootstrapAdminKey; when null, this scheme accepts nothing.</summary>
    public string? Key { get; set; }
}

/// <summary>
/// "Authorization: Bearer &lt;Portal:BootstrapAdminKey&gt;": a global administrator, how a fresh install is first driven
/// (docs/api.md). Only this credential: any other bearer token that reaches this scheme is refused.
/// </summary>
public sealed class BootstrapKeyHandler(IOptionsMonitor<BootstrapKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BootstrapKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "BootstrapKey";
    public const string ActorName = "bootstrap-admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Credential.BearerToken(Request) is not { } token) return Task.FromResult(AuthenticateResult.NoResult());
        if (Options.Key is not { Length: > 0 } key || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(key)))
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
        var admin = new ClaimsIdentity([new Claim(ClaimTypes.Name, ActorName), new Claim(ClaimTypes.Role, Roles.Admin)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(admin), SchemeName)));
    }

    /// <summary>A script without a valid credential is told which kind to send.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
