using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
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
    [InlineData("not a url", "client", "secret", "AzureAd:Instance")]
    [InlineData("http://login.example.test/", "client", "secret", "AzureAd:Instance")]
    [InlineData("https://login.example.test/", null, "secret", "AzureAd:ClientId")]
    [InlineData("https://login.example.test/", "client", null, "AzureAd:ClientSecret")]
    [InlineData("https://login.microsoftonline.com/", "client", "secret", "AzureAd:TenantId")]
    public void A_missing_or_wrong_sign_in_setting_stops_the_app_naming_it(string instance, string? clientId, string? secret, string named)
    {
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = instance, ["AzureAd:ClientId"] = clientId, ["AzureAd:ClientSecret"] = secret,
            ["AzureAd:TenantId"] = named == "AzureAd:TenantId" ? null : "tenant",
        });
        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        Assert.Contains(named, failure.ToString());
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("http://portal.contoso.com", "it must be the portal's https URL")]
    [InlineData("https://portal.contoso.com/admin", "it must be the portal's https URL")]
    [InlineData("portal.contoso.com", "it must be the portal's https URL")]
    public void Sign_in_outside_development_needs_a_public_url_to_build_its_redirects_from(string? url, string message)
    {
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.example.test/", ["AzureAd:ClientId"] = "client", ["AzureAd:ClientSecret"] = "secret",
            ["AzureAd:TenantId"] = "tenant", ["Hosting:PublicUrl"] = url,
        });
        var failure = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        Assert.Contains("Hosting:PublicUrl", failure.ToString());
        Assert.Contains(message, failure.ToString());
    }
}

/// <summary>API tokens through Identity.Web against a provider whose JWKS serves the test signing key.</summary>
public class ApiTokenTests : IAsyncLifetime
{
    private TestIdentityProvider provider = null!;
    private ConfiguredPortal portal = null!;

    public async Task InitializeAsync()
    {
        provider = await TestIdentityProvider.StartAsync();
        portal = new ConfiguredPortal("Production", provider.Settings());
    }

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        await provider.DisposeAsync();
    }

    private async Task<HttpStatusCode> GetTenantsWith(string token)
    {
        var client = portal.Https();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync("/api/tenants")).StatusCode;
    }

    [Fact]
    public async Task An_access_token_for_this_api_carries_its_roles() =>
        Assert.Equal(HttpStatusCode.OK, await GetTenantsWith(provider.AccessToken(["Portal.Reader"])));

    [Fact]
    public async Task A_valid_token_without_the_needed_role_is_403() =>
        Assert.Equal(HttpStatusCode.Forbidden, await GetTenantsWith(provider.AccessToken(["Portal.SyncClient"])));

    [Fact]
    public async Task An_id_token_is_not_an_api_token() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetTenantsWith(provider.IdToken(["Portal.Admin"])));

    [Fact]
    public async Task A_token_for_another_audience_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetTenantsWith(provider.AccessToken(["Portal.Admin"], audience: "another-api")));

    [Fact]
    public async Task An_expired_token_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetTenantsWith(provider.AccessToken(["Portal.Admin"], expires: DateTime.UtcNow.AddMinutes(-10))));

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var parts = provider.AccessToken(["Portal.Reader"]).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace("Portal.Reader", "Portal.Admin");
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, await GetTenantsWith(tampered));
    }

    [Fact]
    public async Task A_token_signed_with_a_key_the_provider_does_not_publish_is_refused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await GetTenantsWith(provider.AccessToken(["Portal.Admin"],
            signedWith: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-1" })));
}

/// <summary>With the identity provider down the app starts, says so on sign-in and in /health/ready, and keys still work.</summary>
public class ProviderDownTests
{
    [Fact]
    public async Task The_app_starts_with_its_identity_provider_down_and_says_so()
    {
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = $"http://127.0.0.1:{Loopback.FreePort()}/", ["AzureAd:ClientId"] = "adminportal",
            ["AzureAd:ClientSecret"] = "secret", ["AzureAd:TenantId"] = "tests", ["Portal:BootstrapAdminKey"] = PortalFactory.BootstrapKey,
            ["Hosting:PublicUrl"] = PortalFactoryOn.Https.ToString(),
        });
        var client = portal.Https();
        var signIn = await client.GetAsync("/signin");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        Assert.Contains("cannot be reached", await signIn.Content.ReadAsStringAsync());
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PortalFactory.BootstrapKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/tenants")).StatusCode);
    }
}


/// <summary>The standard-provider adjustments apply to that configuration only: Entra ID keeps Identity.Web's issuer validation.</summary>
public class IssuerValidationTests
{
    private static (Microsoft.IdentityModel.Tokens.TokenValidationParameters Web, Microsoft.IdentityModel.Tokens.TokenValidationParameters Api) Parameters(string instance)
    {
        using var portal = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = instance, ["AzureAd:TenantId"] = "72f988bf-86f1-41af-91ab-2d7cd011db47",
            ["AzureAd:ClientId"] = "11111111-2222-3333-4444-555555555555", ["AzureAd:ClientSecret"] = "secret",
            ["Hosting:PublicUrl"] = PortalFactoryOn.Https.ToString(),
        });
        var services = portal.Services;
        var web = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>()
            .Get(AdminPortal.Web.Security.IdentityProvider.WebScheme).TokenValidationParameters;
        var api = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>()
            .Get(AdminPortal.Web.Security.IdentityProvider.ApiScheme).TokenValidationParameters;
        return (web, api);
    }

    [Fact]
    public void Entra_id_keeps_identity_webs_own_issuer_validator()
    {
        var (web, api) = Parameters("https://login.microsoftonline.com/");
        Assert.NotNull(web.IssuerValidator);
        Assert.NotNull(api.IssuerValidator);
        Assert.Null(api.ValidIssuer);
    }

    [Fact]
    public void A_standard_provider_is_held_to_its_exact_issuer()
    {
        var (web, api) = Parameters("https://idp.example.test/");
        Assert.Null(web.IssuerValidator);
        Assert.Equal("https://idp.example.test", web.ValidIssuer);
        Assert.Equal("https://idp.example.test", api.ValidIssuer);
    }
}
