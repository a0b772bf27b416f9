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

    /// <summary>The agent's cycle over the test server; pages of 7 objects, so that even these small directories go in several.</summary>
    private SyncCycle Cycle(string tenant, string ou, string key, Uri? directory = null, HttpClient? http = null) => new(
        new AgentSettings(new DirectoryConnection(directory ?? dc.LdapsUrl, SambaDomainController.AdminUser, SambaDomainController.AdminPassword, ou,
            dc.CaCertificate), PortalFactory.Https, Guid.Parse(tenant), key, TimeSpan.FromMinutes(30)),
        http ?? factory.CreateClient(), NullLogger<SyncCycle>.Instance) { FirstBackOff = TimeSpan.FromMilliseconds(10), Attempts = 2, PageObjects = 7 };

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

        var batches = (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/batches")))["value"]!.AsArray();
        var run = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/runs/{batches.Single()!["id"]}"));
        Assert.Equal(("committed", 5, 30), (run["status"]!.GetValue<string>(), run["pages"]!.GetValue<int>(), run["objectCount"]!.GetValue<int>()));

        var again = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal(30, again.Counts!.Unchanged);
    }

    [Fact]
    public async Task A_page_or_commit_whose_answer_is_lost_is_not_sent_twice()
    {
        var (tenant, ou, key) = await SetUpAsync(20);
        // The service takes the second page and the commit, and the agent never hears back: it asks the run before retrying.
        var lossy = new HttpClient(new LosesAnswers(factory.Server.CreateHandler(), request =>
            request.Method == HttpMethod.Post && (request.RequestUri!.AbsolutePath.EndsWith("/commit")
                || (request.RequestUri.AbsolutePath.EndsWith("/pages") && ++pagesSeen == 2))))
            { BaseAddress = factory.Server.BaseAddress };
        var outcome = await Cycle(tenant, ou, key, http: lossy).RunAsync(default);
        Assert.Equal((20, 20), (outcome.Sent, outcome.Counts!.Created));
        Assert.Equal(1, await Api.BatchCountAsync(admin, tenant));
    }

    private int pagesSeen;

    /// <summary>Passes each request on, then loses the answer of those <paramref name="lose"/> picks (once each), as a dropped connection would.</summary>
    private sealed class LosesAnswers(HttpMessageHandler inner, Func<HttpRequestMessage, bool> lose) : DelegatingHandler(inner)
    {
        private readonly HashSet<string> lost = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (lose(request) && lost.Add(request.RequestUri!.AbsolutePath)) throw new HttpRequestException("The connection was reset (lost answer).");
            return response;
        }
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
