using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using AdminPortal.Web.Security.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AdminPortal.Web.Tests;

/// <summary>The app in a given environment with given settings, on a fresh SQLite file.</summary>
public sealed class ConfiguredPortal(string environment, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>A client over HTTPS (as the portal requires outside Development) that does not follow redirects.</summary>
    public HttpClient Https() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = PortalFactoryOn.Https });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:AdminPortal", TestDatabases.NewSettings(DatabaseProvider.Sqlite).ConnectionString);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (services is not null) builder.ConfigureTestServices(services);
    }
}

public class StartupAndTokenTests
{
    [Fact]
    public async Task The_development_sign_in_answers_404_in_production()
    {
        using var production = new ConfiguredPortal("Production", new Dictionary<string, string?>());
        var client = production.Https();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/signin/dev")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/signin/dev", new FormUrlEncodedContent([new("name", "x"), new("role", "Portal.Admin")]))).StatusCode);
    }

    [Theory]
    [InlineData("not a url", null, null, "Authentication:Authority")]
    [InlineData("https://login.example.test/", null, "secret", "Authentication:ClientId")]
    [InlineData("https://login.example.test/", "client", null, "Authentication:ClientSecret")]
    [InlineData("http://127.0.0.1:9/", "client", "secret", "Authentication:Authority")]
    public void A_missing_or_wrong_sign_in_setting_stops_the_app_naming_it(string authority, string? clientId, string? secret, string named)
    {
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["Authentication:Authority"] = authority, ["Authentication:ClientId"] = clientId, ["Authentication:ClientSecret"] = secret,
        });
        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        Assert.Contains(named, failure.ToString());
    }

    [Fact]
    public async Task A_bearer_jwt_from_the_provider_carries_its_roles_and_a_bad_one_is_refused()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k1" };
        var config = new OpenIdConnectConfiguration { Issuer = "https://login.example.test/v2.0" };
        config.SigningKeys.Add(key);
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>(), services => services.AddSingleton(sp =>
            new ProviderTokenValidator(new StaticConfigurationManager<OpenIdConnectConfiguration>(config), "adminportal", new NonceLedger(TimeProvider.System), TimeProvider.System)));
        string Token(string[] roles, SecurityKey signing) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = config.Issuer, Audience = "adminportal", Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "script-1", ["roles"] = roles },
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        });
        HttpClient With(string token)
        {
            var c = portal.Https();
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return c;
        }
        Assert.Equal(HttpStatusCode.OK, (await With(Token(["Portal.Reader"], key)).GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await With(Token(["Portal.SyncClient"], key)).GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await With(Token(["Portal.Admin"], new RsaSecurityKey(RSA.Create(2048)) { KeyId = "k1" })).GetAsync("/api/tenants")).StatusCode);
    }
}
