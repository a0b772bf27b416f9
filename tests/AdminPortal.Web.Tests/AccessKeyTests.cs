using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AdminPortal.Data;
using AdminPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>Access keys as a script uses them (issued through the same service the portal's page calls; the page itself is
/// tested with bunit in AccessKeysPageTests).</summary>
public class AccessKeyTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    private async Task<(Guid Id, string Secret)> IssueAsync(string name, string role, string? tenant = null)
    {
        using var scope = factory.Services.CreateScope();
        var (key, secret) = await scope.ServiceProvider.GetRequiredService<SyncRules.Access.AccessKeyService>()
            .IssueAsync(name, role, tenant is null ? null : Guid.Parse(tenant), "alice", default);
        return (key.Id, secret);
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
        var (_, secret) = await IssueAsync("nightly report", Roles.Reader);
        var browser = await factory.SignInAsync(Roles.Admin);
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
        await using (var db = factory.Services.GetRequiredService<PortalDbContextFactory>().CreateDbContext())
            Assert.NotNull((await db.AccessKeys.SingleAsync(k => k.Name == "nightly report")).LastUsedDateTime);
    }

    [Fact]
    public async Task A_key_scoped_to_a_tenant_reaches_that_tenant_only()
    {
        var admin = factory.CreateClient().WithBootstrapKey();
        var mine = await Api.CreateTenantAsync(admin, "k" + Guid.NewGuid().ToString("N")[..10]);
        var other = await Api.CreateTenantAsync(admin, "k" + Guid.NewGuid().ToString("N")[..10]);
        var (_, secret) = await IssueAsync("sync client of one tenant", Roles.SyncClient, mine);
        var client = Script(secret);
        Assert.Equal(HttpStatusCode.OK, (await Api.PushAsync(client, mine, Api.User("a1", "joe@contoso.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.PushAsync(client, other, Api.User("a1", "joe@contoso.com"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/tenants/{mine}/sync/batches")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_from_the_next_request_on()
    {
        var (id, secret) = await IssueAsync("to be revoked", Roles.Operator);
        Assert.Equal(HttpStatusCode.OK, (await Script(secret).GetAsync("/api/tenants")).StatusCode);
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SyncRules.Access.AccessKeyService>().RevokeAsync(id, "alice", default);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script(secret).GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Script("apk_made-up").GetAsync("/api/tenants")).StatusCode);
    }
}
