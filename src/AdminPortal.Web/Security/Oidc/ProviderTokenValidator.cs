using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AdminPortal.Web.Security.Oidc;

public sealed class InvalidIdTokenException(string message) : Exception(message);

/// <summary>
/// Validates tokens from the OpenID Provider: signature against the discovery document's keys (refetched once when a
/// token is signed by a key not seen yet: key rotation), issuer, audience and lifetime; for id_tokens also the nonce,
/// which must be the one this sign-in sent and must not have been used before.
/// </summary>
public sealed class ProviderTokenValidator(IConfigurationManager<OpenIdConnectConfiguration> discovery, string audience, NonceLedger nonces, TimeProvider clock)
{
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<ClaimsIdentity> ValidateIdTokenAsync(string idToken, string expectedNonce, string authenticationType, CancellationToken ct)
    {
        var identity = await ValidateAsync(idToken, authenticationType, ct);
        var nonce = identity.FindFirst("nonce")?.Value;
        if (nonce is null || !string.Equals(nonce, expectedNonce, StringComparison.Ordinal))
            throw new InvalidIdTokenException("The id_token's nonce is not the one this sign-in sent.");
        if (!nonces.TryConsume(nonce))
            throw new InvalidIdTokenException("The id_token's nonce was already used: a replayed token.");
        return identity;
    }

    /// <summary>A bearer JWT or an id_token: signature, issuer, audience, lifetime.</summary>
    public async Task<ClaimsIdentity> ValidateAsync(string token, string authenticationType, CancellationToken ct)
    {
        var result = await ValidateOnceAsync(token, await discovery.GetConfigurationAsync(ct));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Signed with a key we have not fetched yet: the provider rotated its keys.
            discovery.RequestRefresh();
            result = await ValidateOnceAsync(token, await discovery.GetConfigurationAsync(ct));
        }
        if (!result.IsValid)
            throw new InvalidIdTokenException($"The token is not valid: {result.Exception?.Message ?? "unknown reason"}");
        return new ClaimsIdentity(result.ClaimsIdentity.Claims, authenticationType, "name", "roles");
    }

    private Task<TokenValidationResult> ValidateOnceAsync(string token, OpenIdConnectConfiguration config) =>
        handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = config.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = config.SigningKeys,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, p) =>
                expires is { } e && e.ToUniversalTime() + p.ClockSkew > clock.GetUtcNow().UtcDateTime
                && (notBefore is null || notBefore.Value.ToUniversalTime() - p.ClockSkew <= clock.GetUtcNow().UtcDateTime),
        });
}
