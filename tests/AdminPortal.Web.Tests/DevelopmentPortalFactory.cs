using AdminPortal.Data;
using AdminPortal.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminPortal.Web.Tests;

/// <summary>The app as the README's run command starts it: Development, development sign-in, a fresh SQLite file.</summary>
public sealed class DevelopmentPortalFactory() : DevelopmentPortalFactoryOn(DatabaseProvider.Sqlite);

/// <summary>The same on a fresh PostgreSQL database.</summary>
public sealed class DevelopmentPostgresPortalFactory() : DevelopmentPortalFactoryOn(DatabaseProvider.Postgres);

/// <summary>Development (development sign-in, the bootstrap key) on a fresh database of the given provider.</summary>
public class DevelopmentPortalFactoryOn(DatabaseProvider provider) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) => PortalFactoryOn.UseFreshPortal(builder, "Development", provider);

    /// <summary>A script's client: the bootstrap key, no cookies.</summary>
    public HttpClient Admin()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", PortalFactory.BootstrapKey);
        return client;
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A browser signed in through the development sign-in form, antiforgery token and all.</summary>
    public async Task<HttpClient> SignInAsync(string role, string name = "alice")
    {
        var browser = Browser();
        var form = await Forms.GetPageAsync(browser, "/signin/dev?returnUrl=/");
        var response = await Forms.SubmitAsync(browser, form, "form", "/signin/dev", ("name", name), ("role", role));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }
}
