using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AdminPortal.Data;
using AdminPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>Access keys as an admin issues them in the portal and a script then uses them.</summary>
public class AccessKeyTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    private Task<HttpClient> AdminBrowserAsync() => factory.SignInAsync(Roles.Admin);

    private async Task<string> IssueAsync(HttpClient browser, string name, string role, string? tenant = null)
    {
        var page = await Forms.GetPageAsync(browser, "/access-keys");
        var response = await Forms.SubmitAsync(browser, page, "form#issue", "/access-keys", ("KeyName", name), ("KeyRole", role), ("KeyTenant", tenant ?? ""));
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        var secret = html.QuerySelector("#issued-secret")?.TextContent.Trim();
        Assert.StartsWith("apk_", secret);
        return secret!;
    }

    private HttpClient Script(string secret)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task A_key_is_shown_once_stored_hashed_and_carries_exactly_its_role()
    {
        var browser = await AdminBrowserAsync();
        var secret = await IssueAsync(browser, "nightly report", Roles.Reader);
        Assert.DoesNotContain(secret, await browser.GetStringAsync("/access-keys"));
        await using (var db = factory.Services.GetRequiredService<PortalDbContextFactory>().CreateDbContext())
        {
            var row = await db.AccessKeys.SingleAsync(k => k.Name == "nightly report");
            Assert.NotEqual(secret, row.Hash);
            Assert.Equal(SyncRules.Access.AccessKey.HashOf(secret), row.Hash);
        }
        var script = Script(secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.PostAsJsonAsync("/api/tenants", new { displayName = "x", initialDomain = "x.onmicrosoft.com" })).StatusCode);
        var row2 = (await Forms.GetPageAsync(browser, "/access-keys")).QuerySelectorAll("#revoke tbody tr").Single(r => r.TextContent.Contains("nightly report"));
        Assert.DoesNotContain("never", row2.Children[5].TextContent);
    }

    [Fact]
    public async Task A_key_scoped_to_a_tenant_reaches_that_tenant_only()
    {
        var admin = factory.CreateClient().WithBootstrapKey();
        var mine = await Api.CreateTenantAsync(admin, "k" + Guid.NewGuid().ToString("N")[..10]);
        var other = await Api.CreateTenantAsync(admin, "k" + Guid.NewGuid().ToString("N")[..10]);
        var secret = await IssueAsync(await AdminBrowserAsync(), "sync client of one tenant", Roles.SyncClient, mine);
        var client = Script(secret);
        Assert.Equal(HttpStatusCode.OK, (await Api.PushAsync(client, mine, Api.User("a1", "joe@contoso.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PushAsync(client, other, Api.User("a1", "joe@contoso.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/tenants/{mine}/sync/batches")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_and_the_revocation_is_audited()
    {
        var browser = await AdminBrowserAsync();
        var secret = await IssueAsync(browser, "to be revoked", Roles.Operator);
        Assert.Equal(HttpStatusCode.OK, (await Script(secret).GetAsync("/api/tenants")).StatusCode);
        var page = await Forms.GetPageAsync(browser, "/access-keys");
        var id = page.QuerySelectorAll("#revoke tbody tr").Single(r => r.TextContent.Contains("to be revoked")).QuerySelector("button")!.GetAttribute("value")!;
        var revoked = await Forms.SubmitAsync(browser, page, "form#revoke", "/access-keys", ("RevokeId", id));
        Assert.Contains("The key is revoked", await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script(secret).GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script("apk_made-up").GetAsync("/api/tenants")).StatusCode);
    }

    [Fact]
    public async Task A_key_needs_a_name_and_a_known_role()
    {
        var browser = await AdminBrowserAsync();
        var page = await Forms.GetPageAsync(browser, "/access-keys");
        var response = await Forms.SubmitAsync(browser, page, "form#issue", "/access-keys", ("KeyName", ""), ("KeyRole", Roles.Reader), ("KeyTenant", ""));
        Assert.Contains("Give the key a name", await response.Content.ReadAsStringAsync());
        response = await Forms.SubmitAsync(browser, page, "form#issue", "/access-keys", ("KeyName", "x"), ("KeyRole", "Portal.God"), ("KeyTenant", ""));
        Assert.Contains("The role must be one of", await response.Content.ReadAsStringAsync());
    }
}
