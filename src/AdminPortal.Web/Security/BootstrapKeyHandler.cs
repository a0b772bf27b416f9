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
/// Accepts "Authorization: Bearer &lt;Portal:BootstrapAdminKey&gt;" as a global administrator: how a fresh install is
/// first driven by scripts (API.md). No header: no result (401 on protected endpoints). Wrong token: failure.
/// </summary>
public sealed class BootstrapKeyHandler(IOptionsMonitor<BootstrapKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<BootstrapKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string ActorName = "bootstrap-admin";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(AuthenticateResult.Fail("The Authorization header must be 'Bearer <token>'."));
        var token = header["Bearer ".Length..].Trim();
        if (Options.Key is not { Length: > 0 } key || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(key)))
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, ActorName), new Claim(ClaimTypes.Role, Roles.Admin)], SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
