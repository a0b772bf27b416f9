using System.Security.Claims;
using System.Text.Encodings.Web;
using AdminPortal.SyncRules.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Security.Credentials;

/// <summary>
/// "Authorization: Bearer ap_…": an access key issued by an admin on the Access keys page, with its one role and,
/// when it has one, its tenant (enforced by <see cref="TenantScope"/>). Unknown or revoked: refused.
/// </summary>
public sealed class AccessKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessKey";
    /// <summary>The key's id, so that a live portal connection opened with it can be checked again (CredentialValidity).</summary>
    public const string KeyIdClaim = "adminportal/key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Credential.BearerToken(Request) is not { } token) return AuthenticateResult.NoResult();
        var key = await keys.AuthenticateAsync(token, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The access key is unknown or revoked.");
        List<Claim> claims = [new(ClaimTypes.Name, $"key:{key.Name}"), new(ClaimTypes.Role, key.Role), new(KeyIdClaim, key.Id.ToString())];
        if (key.TenantId is { } tenant) claims.Add(new Claim(TenantScope.ClaimType, tenant.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role)), SchemeName));
    }
}
