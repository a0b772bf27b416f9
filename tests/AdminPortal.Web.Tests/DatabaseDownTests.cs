using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Hosting;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The PostgreSQL server goes down under a running portal — the admin's 2 a.m.: every read and write, under /api and
/// /graph, is a 503 that says the database cannot be reached and nothing was read or stored, not a bare 500; an admin's
/// browser opening a page is told the same on a page.
/// </summary>
public sealed class DatabaseDownTests : IDisposable
{
    // A server of this test's own: the suite's shared one must stay up.
    private readonly PostgresServer server = new();

    /// <summary>The portal (Development: the bootstrap key and the development sign-in) on a database of that server.</summary>
    private sealed class DevelopmentOnServer(PostgresServer server) : DevelopmentPortalFactoryOn(DatabaseProvider.Postgres)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:AdminPortal", server.CreateDatabase());
        }
    }

    [Fact]
    public async Task With_its_database_server_down_reads_and_writes_are_a_503_saying_so()
    {
        using var factory = new DevelopmentOnServer(server);
        using var api = factory.Admin();
        var tenant = await Api.CreateTenantAsync(api, "down");

        server.Dispose();

        foreach (var refused in new[]
        {
            await api.GetAsync("/api/tenants"),
            await api.PostAsJsonAsync("/api/tenants", new { displayName = "Later", initialDomain = "later.onmicrosoft.com", verifiedDomains = Array.Empty<object>() }),
            await api.PostAsJsonAsync($"/api/tenants/{tenant}/sync/runs", new { mode = "delta" }),
        })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains("cannot be reached", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());
        }
        var graph = await api.GetAsync($"/graph/{tenant}/v1.0/users");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, graph.StatusCode);
        Assert.Equal("serviceNotAvailable", (await graph.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_its_database_server_down_a_signed_in_admin_opening_a_page_is_told_so()
    {
        using var factory = new DevelopmentOnServer(server);
        var browser = await factory.SignInAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        server.Dispose();

        // As a browser asks: a page of words, with a way to try again.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/tenants?view=all");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var page = await browser.SendAsync(request);
        var body = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)page.StatusCode}: {body[..Math.Min(body.Length, 400)]}");
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>This page cannot be shown now</h1>", body);
        Assert.Contains("The database cannot be reached: nothing of this request was read or stored.", body);
        Assert.Contains("<a href=\"/tenants?view=all\">Try again</a>", body);

        // A script still gets the problem body it parses.
        var script = await browser.GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, script.StatusCode);
        Assert.Equal("application/problem+json", script.Content.Headers.ContentType!.MediaType);
    }

    public void Dispose() => server.Dispose();
}
