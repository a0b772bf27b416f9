using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text.Encodings.Web;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Tests;

/// <summary>The real app on a fresh database of the given provider, with the bootstrap key set.</summary>
public class PortalFactoryOn : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "test-bootstrap-key-0123456789";
    /// <summary>Outside Development the portal answers HTTPS only; the test server reports the scheme of the client's address.</summary>
    public static readonly Uri Https = new("https://localhost");

    private readonly DatabaseProvider provider;

    public PortalFactoryOn(DatabaseProvider provider)
    {
        this.provider = provider;
        ClientOptions.BaseAddress = Https;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        UseFreshPortal(builder, "Testing", provider);
        builder.ConfigureServices(services => services
            .AddAuthentication(o => o.DefaultScheme = "TestOrBearer")
            .AddScheme<AuthenticationSchemeOptions, TestRoleHandler>(TestRoleHandler.SchemeName, _ => { })
            .AddPolicyScheme("TestOrBearer", null, p => p.ForwardDefaultSelector = context =>
                context.Request.Headers.ContainsKey(TestRoleHandler.Header) ? TestRoleHandler.SchemeName : AdminPortal.Web.Security.Credentials.Credential.PolicyScheme));
    }

    /// <summary>Every test host's start: the environment, a fresh migrated database of the provider, the bootstrap key, no demo data.</summary>
    public static void UseFreshPortal(IWebHostBuilder builder, string environment, DatabaseProvider provider)
    {
        var database = TestDatabases.NewSettings(provider);
        builder.UseEnvironment(environment);
        builder.UseSetting("Portal:BootstrapAdminKey", BootstrapKey);
        builder.UseSetting("Portal:SeedDemoData", "false");
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:AdminPortal", database.ConnectionString);
        builder.UseSetting("Database:MigrateAtStartup", "true");
    }

    public HttpClient Admin() => WithToken(BootstrapKey);

    /// <summary>A client that does not follow redirects, so a test sees the redirect to sign-in itself.</summary>
    public HttpClient Plain() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = Https });

    public HttpClient WithToken(string? token)
    {
        var client = Plain();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client signed in with exactly one app role, through the test scheme.</summary>
    public HttpClient AsRole(string role)
    {
        var client = Plain();
        client.DefaultRequestHeaders.Add(TestRoleHandler.Header, role);
        return client;
    }
}

public sealed class PortalFactory() : PortalFactoryOn(DatabaseProvider.Sqlite);

public sealed class PostgresPortalFactory() : PortalFactoryOn(DatabaseProvider.Postgres);

public sealed class SqlServerPortalFactory() : PortalFactoryOn(DatabaseProvider.SqlServer);

/// <summary>
/// Test-only sign-in standing for the identity provider: the X-Test-Role header becomes one role claim. It lets the
/// tests check each policy both ways until the sign-in issue brings real tokens.
/// </summary>
public sealed class TestRoleHandler(IOptionsMonitor<AuthenticationSchemeOptions> o, ILoggerFactory l, UrlEncoder e)
    : AuthenticationHandler<AuthenticationSchemeOptions>(o, l, e)
{
    public const string SchemeName = "TestRole";
    public const string Header = "X-Test-Role";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var role)) return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "test-" + role), new Claim(ClaimTypes.Role, role.ToString())],
            SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
