using System.Text.Json.Nodes;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.SyncAgent;
using AdminPortal.SyncRules.Access;
using AdminPortal.TestSupport;
using AdminPortal.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The sync agent's cycle end to end: a real Samba domain controller read over LDAPS, sent through the sync API with a
/// SyncClient access key, as any sync client sends — AD → agent → sync rules → the tenant.
/// </summary>
public class SyncAgentTests(PortalFactory factory, SambaDomainController dc) : IClassFixture<PortalFactory>, IClassFixture<SambaDomainController>
{
    private readonly HttpClient admin = factory.Admin();

    private async Task<(string Tenant, string Ou, string Key)> SetUpAsync(int users)
    {
        var tenant = await Api.CreateTenantAsync(admin, "a" + Guid.NewGuid().ToString("N")[..10]);
        var ou = $"OU=A{Guid.NewGuid():N},{SambaDomainController.BaseDn}";
        dc.Add($"dn: {ou}\nobjectClass: organizationalUnit\n\n" + string.Join("\n", Enumerable.Range(0, users).Select(i =>
            $"dn: CN=User {i},{ou}\nobjectClass: user\nsAMAccountName: au{i:D5}{ou[4..10]}\nuserPrincipalName: user{i}.{ou[4..10]}@contoso.com\n" +
            $"mail: user{i}.{ou[4..10]}@contoso.com\nproxyAddresses: SMTP:user{i}.{ou[4..10]}@contoso.com\n")));
        using var scope = factory.Services.CreateScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessKeyService>().IssueAsync("agent", Roles.SyncClient, Guid.Parse(tenant), "test", default);
        return (tenant, ou, secret);
    }

    private SyncCycle Cycle(string tenant, string ou, string key, Uri? directory = null) => new(
        new AgentSettings(new DirectoryConnection(directory ?? dc.LdapsUrl, SambaDomainController.AdminUser, SambaDomainController.AdminPassword, ou,
            dc.CaCertificate), PortalFactory.Https, Guid.Parse(tenant), key, TimeSpan.FromMinutes(30)),
        factory.CreateClient(), NullLogger<SyncCycle>.Instance) { FirstBackOff = TimeSpan.FromMilliseconds(10), Attempts = 2 };

    private async Task<List<string>> UpnsAsync(string tenant) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users?$top=999"))).AsObject()["value"]!.AsArray()
            .Select(u => u!["userPrincipalName"]!.GetValue<string>()).Order().ToList();

    [Fact]
    public async Task A_cycle_reads_the_directory_and_syncs_the_tenant_and_the_next_cycle_changes_nothing()
    {
        var (tenant, ou, key) = await SetUpAsync(30);
        var first = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal((30, 30, 0), (first.Read, first.Sent, first.Skipped));
        Assert.Equal(30, first.Counts!.Created);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"user{i}.{ou[4..10]}@contoso.com").Order(), await UpnsAsync(tenant));

        var again = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal(30, again.Counts!.Unchanged);
    }

    [Fact]
    public async Task A_directory_that_is_down_fails_the_cycle_in_one_line_and_sends_nothing()
    {
        var (tenant, ou, key) = await SetUpAsync(1);
        var failed = await Assert.ThrowsAsync<CycleFailedException>(() => Cycle(tenant, ou, key, new Uri($"ldaps://127.0.0.1:{Loopback.FreePort()}")).RunAsync(default));
        Assert.Contains("cannot be reached", failed.Message);
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_refused_access_key_fails_the_cycle_without_retrying()
    {
        var (tenant, ou, _) = await SetUpAsync(1);
        var failed = await Assert.ThrowsAsync<CycleFailedException>(() => Cycle(tenant, ou, "not-a-key").RunAsync(default));
        Assert.Contains("401", failed.Message);
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }
}
