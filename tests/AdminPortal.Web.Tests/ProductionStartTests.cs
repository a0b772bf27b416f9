using System.Net;
using System.Text;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using AdminPortal.Web.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminPortal.Web.Tests;

/// <summary>The app in Production on real Kestrel (body limits and the Server header are Kestrel's), plain HTTP on loopback.</summary>
public sealed class ProductionOnKestrel : WebApplicationFactory<Program>
{
    public const string Key = "production-key-0123456789abcdef";

    public ProductionOnKestrel() => UseKestrel(0);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:AdminPortal", TestDatabases.NewSettings(DatabaseProvider.Sqlite).ConnectionString);
        builder.UseSetting("Portal:BootstrapAdminKey", Key);
        builder.UseSetting("Api:MaxRequestBodyKilobytes", "4");
        builder.UseSetting("Sync:MaxRequestBodyMegabytes", "1");
        // As behind a proxy on this host that terminates TLS: X-Forwarded-Proto from loopback counts.
        builder.UseSetting("Hosting:ForwardedHeaders", "true");
    }

    /// <summary>A client straight to Kestrel's loopback address, plain HTTP, not following redirects.</summary>
    public HttpClient Plain()
    {
        StartServer();
        return CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
    }

    /// <summary>A script's client as the proxy forwards it: HTTPS in X-Forwarded-Proto, the key as bearer token.</summary>
    public HttpClient ThroughProxy()
    {
        var client = Plain();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Authorization = new("Bearer", Key);
        return client;
    }
}

public class ProductionStartTests(ProductionOnKestrel portal) : IClassFixture<ProductionOnKestrel>
{
    [Fact]
    public async Task A_plain_http_request_gets_a_page_that_says_https_is_required_and_health_still_answers()
    {
        var plain = portal.Plain();
        var page = await plain.GetAsync("/");
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        var text = await page.Content.ReadAsStringAsync();
        Assert.Contains("HTTPS", text);
        Assert.Contains("Hosting:ForwardedHeaders", text);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_tls_proxy_the_portal_answers_with_hsts_and_no_server_header()
    {
        var client = portal.ThroughProxy();
        // HSTS is never sent to loopback names (browsers ignore it there); the proxy forwards the public host name.
        client.DefaultRequestHeaders.Host = "portal.example.test";
        var response = await client.GetAsync("/api/tenants");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"));
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
        var signIn = await portal.ThroughProxy().GetAsync("/signin/dev");
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_that_names_the_setting_and_sync_batches_have_their_own_limit()
    {
        var client = portal.ThroughProxy();
        var tenant = await Api.CreateTenantAsync(client, "big" + Guid.NewGuid().ToString("N")[..8]);
        var big = new StringContent($$"""{"displayName":"{{new string('x', 10_000)}}","userPrincipalName":"big@contoso.com"}""", Encoding.UTF8, "application/json");
        var graph = await client.PostAsync($"/graph/{tenant}/v1.0/users", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, graph.StatusCode);
        Assert.Contains("Api:MaxRequestBodyKilobytes", await graph.Content.ReadAsStringAsync());
        SecurityHeaderTests.AssertSecured(graph, "Kestrel's 413 under /graph");

        // 60 objects is about 10 KB: over the 4 KB API limit, well under the 1 MB sync batch limit.
        var objects = Enumerable.Range(0, 60).Select(i => Api.User("a" + i, $"u{i}@contoso.com")).ToArray();
        Assert.Equal(HttpStatusCode.OK, (await Api.PushAsync(client, tenant, objects)).StatusCode);
        var huge = Enumerable.Range(0, 8000).Select(i => Api.User("b" + i, $"v{i}@contoso.com")).ToArray();
        var refused = await Api.PushAsync(client, tenant, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("Sync:MaxRequestBodyMegabytes", await refused.Content.ReadAsStringAsync());
        SecurityHeaderTests.AssertSecured(refused, "Kestrel's 413 under /api");
        Assert.Equal(1, await Api.BatchCountAsync(client, tenant));
    }

    [Fact]
    public void The_development_key_stops_a_start_outside_development_naming_the_setting()
    {
        using var production = new ConfiguredPortal("Production", new Dictionary<string, string?>
        {
            ["Portal:BootstrapAdminKey"] = PortalSettings.DevelopmentBootstrapKey,
        });
        var failure = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("Portal:BootstrapAdminKey", failure.ToString());
    }

    [Fact]
    public void The_development_key_in_the_development_settings_is_the_one_refused_elsewhere()
    {
        var settings = Path.Combine(AppContext.BaseDirectory, "appsettings.Development.json");
        Assert.Contains(PortalSettings.DevelopmentBootstrapKey, File.ReadAllText(settings));
    }
}

public class LaunchEnvironmentTests
{
    [Theory]
    [InlineData(null, null, null, "Development")]
    [InlineData("Production", null, null, null)]
    [InlineData(null, "Staging", null, null)]
    [InlineData(null, null, "--environment=Production", null)]
    public void The_launch_profile_proposes_development_only_when_the_caller_named_no_environment(
        string? aspnetcore, string? dotnet, string? arg, string? expected)
    {
        var variables = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = aspnetcore, ["DOTNET_ENVIRONMENT"] = dotnet, [LaunchEnvironment.Variable] = "Development",
        };
        var options = LaunchEnvironment.Options(arg is null ? [] : [arg], name => variables.GetValueOrDefault(name));
        Assert.Equal(expected, options.EnvironmentName);
    }

    [Fact]
    public void The_launch_profile_sets_no_environment_variable_that_would_override_the_callers()
    {
        var profile = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "AdminPortal.Web", "Properties", "launchSettings.json"));
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", profile);
        Assert.DoesNotContain("DOTNET_ENVIRONMENT", profile);
        Assert.Contains(LaunchEnvironment.Variable, profile);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdminPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("AdminPortal.sln was not found above " + AppContext.BaseDirectory);
    }
}
