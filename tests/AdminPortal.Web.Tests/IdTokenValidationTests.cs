using System.Security.Claims;
using System.Security.Cryptography;
using AdminPortal.Web.Security.Oidc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.Configuration;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AdminPortal.Web.Tests;

/// <summary>id_tokens signed with a test key: the good one passes; bad signature, audience, lifetime and nonce are refused.</summary>
public class IdTokenValidationTests
{
    private const string Issuer = "https://login.example.test/tenant/v2.0";
    private const string ClientId = "adminportal-client";
    private static readonly RsaSecurityKey ProviderKey = new(RSA.Create(2048)) { KeyId = "provider-key" };

    private static ProviderTokenValidator Validator(params SecurityKey[] keys)
    {
        var config = new OpenIdConnectConfiguration { Issuer = Issuer };
        foreach (var k in keys.Length == 0 ? [ProviderKey] : keys) config.SigningKeys.Add(k);
        return new ProviderTokenValidator(new Microsoft.IdentityModel.Protocols.StaticConfigurationManager<OpenIdConnectConfiguration>(config), ClientId,
            new NonceLedger(TimeProvider.System), TimeProvider.System);
    }

    private static string Token(string nonce = "n-1", string audience = ClientId, SecurityKey? key = null, DateTime? expires = null, string issuer = Issuer) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = audience, IssuedAt = DateTime.UtcNow.AddMinutes(-1), NotBefore = DateTime.UtcNow.AddMinutes(-1),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            Claims = new Dictionary<string, object> { ["sub"] = "u-1", ["name"] = "Alice", ["nonce"] = nonce, ["roles"] = new[] { "Portal.Operator" } },
            SigningCredentials = new SigningCredentials(key ?? ProviderKey, SecurityAlgorithms.RsaSha256),
        });

    [Fact]
    public async Task A_good_id_token_gives_the_user_and_the_role_of_its_roles_claim()
    {
        var identity = await Validator().ValidateIdTokenAsync(Token(), "n-1", "test", default);
        Assert.Equal("Alice", identity.Name);
        Assert.True(new ClaimsPrincipal(identity).IsInRole("Portal.Operator"));
    }

    [Fact]
    public async Task A_bad_signature_is_refused() =>
        await Assert.ThrowsAsync<InvalidIdTokenException>(() => Validator().ValidateIdTokenAsync(Token(key: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "provider-key" }), "n-1", "test", default));

    [Fact]
    public async Task Another_audience_is_refused() =>
        await Assert.ThrowsAsync<InvalidIdTokenException>(() => Validator().ValidateIdTokenAsync(Token(audience: "someone-else"), "n-1", "test", default));

    [Fact]
    public async Task Another_issuer_is_refused() =>
        await Assert.ThrowsAsync<InvalidIdTokenException>(() => Validator().ValidateIdTokenAsync(Token(issuer: "https://evil.example.test"), "n-1", "test", default));

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var expired = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = ClientId, IssuedAt = DateTime.UtcNow.AddHours(-2), NotBefore = DateTime.UtcNow.AddHours(-2), Expires = DateTime.UtcNow.AddHours(-1),
            Claims = new Dictionary<string, object> { ["sub"] = "u-1", ["nonce"] = "n-1" },
            SigningCredentials = new SigningCredentials(ProviderKey, SecurityAlgorithms.RsaSha256),
        });
        await Assert.ThrowsAsync<InvalidIdTokenException>(() => Validator().ValidateIdTokenAsync(expired, "n-1", "test", default));
    }

    [Fact]
    public async Task A_nonce_other_than_the_one_sent_is_refused() =>
        await Assert.ThrowsAsync<InvalidIdTokenException>(() => Validator().ValidateIdTokenAsync(Token(nonce: "n-2"), "n-1", "test", default));

    [Fact]
    public async Task A_replayed_nonce_is_refused()
    {
        var validator = Validator();
        var token = Token(nonce: "n-once");
        await validator.ValidateIdTokenAsync(token, "n-once", "test", default);
        var replay = await Assert.ThrowsAsync<InvalidIdTokenException>(() => validator.ValidateIdTokenAsync(token, "n-once", "test", default));
        Assert.Contains("replayed", replay.Message);
    }

    [Fact]
    public async Task A_token_signed_by_a_rotated_key_is_accepted_once_the_keys_are_refetched()
    {
        var rotated = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rotated-key" };
        var manager = new RotatingDiscovery(ProviderKey, rotated);
        var validator = new ProviderTokenValidator(manager, ClientId, new NonceLedger(TimeProvider.System), TimeProvider.System);
        var identity = await validator.ValidateIdTokenAsync(Token(key: rotated), "n-1", "test", default);
        Assert.Equal("Alice", identity.Name);
        Assert.Equal(1, manager.Refreshes);
    }

    /// <summary>A discovery source whose keys change when refreshed, as a provider's do when it rotates them.</summary>
    private sealed class RotatingDiscovery(SecurityKey before, SecurityKey after) : Microsoft.IdentityModel.Protocols.IConfigurationManager<OpenIdConnectConfiguration>
    {
        public int Refreshes { get; private set; }

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            var config = new OpenIdConnectConfiguration { Issuer = Issuer };
            config.SigningKeys.Add(Refreshes == 0 ? before : after);
            return Task.FromResult(config);
        }

        public void RequestRefresh() => Refreshes++;
    }
}
