using AdminPortal.TestSupport;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AdminPortal.Web.Tests;

/// <summary>
/// A minimal OpenID Provider on loopback for token tests: its discovery document and its signing key as a JWKS, and
/// tokens minted with that key (or another, to be refused).
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "adminportal-tests";
    private readonly WebApplication app;
    private readonly RsaSecurityKey key = new(RSA.Create(2048)) { KeyId = "test-key-1" };

    private TestIdentityProvider(WebApplication app, string issuer)
    {
        this.app = app;
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var issuer = $"http://127.0.0.1:{Loopback.FreePort()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(issuer);
        var app = builder.Build();
        var provider = new TestIdentityProvider(app, issuer);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer, ["jwks_uri"] = issuer + "/jwks", ["authorization_endpoint"] = issuer + "/auth",
            ["token_endpoint"] = issuer + "/token", ["end_session_endpoint"] = issuer + "/session/end",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" }, ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { JsonWebKeyConverter.ConvertFromRSASecurityKey(provider.PublicKey) } }));
        await app.StartAsync();
        return provider;
    }

    private RsaSecurityKey PublicKey => new(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId };

    /// <summary>Settings pointing the portal at this provider.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["AzureAd:Instance"] = Issuer + "/", ["AzureAd:ClientId"] = ClientId, ["AzureAd:ClientSecret"] = "test-secret", ["AzureAd:TenantId"] = "tests",
        ["Hosting:PublicUrl"] = PortalFactoryOn.Https.ToString(),
    };

    /// <summary>An access token for this app's API, as a client credentials grant would issue it.</summary>
    public string AccessToken(string[] roles, string? audience = null, DateTime? expires = null, SecurityKey? signedWith = null) =>
        Token(new Dictionary<string, object> { ["sub"] = "script-1", ["azp"] = "a-script", ["roles"] = roles }, audience, expires, signedWith);

    /// <summary>An id_token of a browser sign-in: same issuer, same audience, a nonce and no client claim.</summary>
    public string IdToken(string[] roles) =>
        Token(new Dictionary<string, object> { ["sub"] = "user-1", ["name"] = "A user", ["nonce"] = "n-1", ["roles"] = roles }, null, null, null);

    private string Token(Dictionary<string, object> claims, string? audience, DateTime? expires, SecurityKey? signedWith)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(10);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = audience ?? ClientId, Claims = claims,
            IssuedAt = until.AddMinutes(-20), NotBefore = until.AddMinutes(-20), Expires = until,
            SigningCredentials = new SigningCredentials(signedWith ?? key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
