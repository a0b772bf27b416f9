using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminPortal.Web.Tests;

/// <summary>
/// Production's host names come from settings: with Hosting:PublicUrl the portal answers to that host only (unless
/// AllowedHosts names others), and sign-in's redirect address is built from it, never from the request's Host.
/// </summary>
public class PublicUrlTests : IAsyncLifetime
{
    private static readonly Uri Public = new("https://portal.contoso.test");
    private TestIdentityProvider provider = null!;
    private ConfiguredPortal portal = null!;

    public async Task InitializeAsync()
    {
        provider = await TestIdentityProvider.StartAsync();
        var settings = provider.Settings();
        settings["Hosting:PublicUrl"] = Public.ToString();
        portal = new ConfiguredPortal("Production", settings);
    }

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        await provider.DisposeAsync();
    }

    private HttpClient Client(string host) => portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri($"https://{host}") });

    [Fact]
    public async Task Sign_in_sends_the_provider_the_public_urls_callback()
    {
        var challenge = await Client(Public.Host).GetAsync("/signin");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var query = System.Web.HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        Assert.Equal("https://portal.contoso.test/signin-oidc", query["redirect_uri"]);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost")]
    [InlineData("portal.contoso.test.evil.example")]
    public async Task A_host_the_portal_does_not_serve_is_a_400_with_the_security_headers_never_a_500(string host)
    {
        foreach (var path in new[] { "/signin", "/", "/api/tenants", "/health/live" })
        {
            var response = await Client(host).GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            SecurityHeaderTests.AssertSecured(response, $"GET {path} for {host}");
        }
    }
}
