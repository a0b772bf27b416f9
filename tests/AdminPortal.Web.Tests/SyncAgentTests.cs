using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.SyncAgent;
using AdminPortal.SyncRules.Access;
using AdminPortal.TestSupport;
using AdminPortal.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The sync agent's cycle end to end: a real Samba domain controller read over LDAPS, sent through the sync API with a
/// SyncClient access key, as any sync client sends — AD → agent → sync rules → the tenant.
/// </summary>
public sealed class SyncAgentTests(PortalFactory factory, SambaDomainController dc) : IClassFixture<PortalFactory>, IClassFixture<SambaDomainController>, IDisposable
{
    private readonly HttpClient admin = factory.Admin();
    private readonly string state = Directory.CreateTempSubdirectory("adminportal-agent-").FullName;

    public void Dispose() => Directory.Delete(state, recursive: true);

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
    private SyncCycle Cycle(string tenant, string ou, string key, Uri? directory = null, HttpClient? http = null, string? filter = null,
        string password = SambaDomainController.AdminPassword, int pageObjects = 7, string? trusted = null, ILogger<SyncCycle>? logger = null) => new(
        new AgentSettings(new DirectoryConnection(directory ?? dc.LdapsUrl, SambaDomainController.AdminUser, password, ou, trusted ?? dc.CaCertificate, filter),
            PortalFactory.Https, Guid.Parse(tenant), key, TimeSpan.FromMinutes(30), state),
        http ?? factory.CreateClient(), logger ?? NullLogger<SyncCycle>.Instance)
        { FirstBackOff = TimeSpan.FromMilliseconds(10), Attempts = 2, PageObjects = pageObjects, CommitReportEvery = TimeSpan.FromMilliseconds(100) };

    /// <summary>The tenant's users as Graph shows them, by UPN: display name, DN and proxy addresses.</summary>
    private async Task<Dictionary<string, (string Name, string Dn, string Proxies)>> UsersAsync(string tenant) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users?$top=999&$select=userPrincipalName,displayName,onPremisesDistinguishedName,proxyAddresses")))
            .AsObject()["value"]!.AsArray().ToDictionary(u => u!["userPrincipalName"]!.GetValue<string>(), u => (u!["displayName"]!.GetValue<string>(),
                u["onPremisesDistinguishedName"]!.GetValue<string>(), string.Join(",", u["proxyAddresses"]!.AsArray().Select(p => p!.GetValue<string>()).Order())));

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

        // The agent reported itself: the dashboard's sync client panel and Graph beta read it.
        var client = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/client"));
        Assert.Equal((Environment.MachineName, SambaDomainController.AdminUser, 30, 30), (client["currentExportData"]!["clientMachineName"]!.GetValue<string>(),
            client["currentExportData"]!["serviceAccount"]!.GetValue<string>(), client["currentExportData"]!["totalConnectorSpaceObjects"]!.GetValue<int>(),
            client["currentExportData"]!["successfulObjectsProvisioningCount"]!.GetValue<int>()));
        Assert.StartsWith("AdminPortal.SyncAgent ", client["synchronizationClientVersion"]!.GetValue<string>());
        Assert.Null(first.RequestedInterval);

        // Nothing changed in the directory: the delta has nothing to send, and no run is opened for it.
        var again = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal(("delta", 0, 0, null), (again.Mode, again.Read, again.Sent, again.Counts));
        Assert.Equal(1, await Api.BatchCountAsync(admin, tenant));

        // An admin asks for another interval: the agent hears it in the answer to its next report.
        (await admin.PatchAsJsonAsync($"/graph/{tenant}/beta/directory/onPremisesSynchronization/{tenant}",
            new { configuration = new { customerRequestedSynchronizationInterval = "PT1H" } })).EnsureSuccessStatusCode();

        // Asked for a full export, it sends one, which changes nothing.
        var full = await Cycle(tenant, ou, key).RunAsync(default, full: true);
        Assert.Equal(("full", 30), (full.Mode, full.Counts!.Unchanged));
        Assert.Equal(TimeSpan.FromHours(1), full.RequestedInterval);
    }

    [Fact]
    public async Task Each_later_cycle_sends_exactly_what_changed_in_the_directory()
    {
        var (tenant, ou, key) = await SetUpAsync(8);
        var elsewhere = $"OU=Elsewhere{Guid.NewGuid():N},{SambaDomainController.BaseDn}";
        dc.Add($"dn: {elsewhere}\nobjectClass: organizationalUnit\n");
        var tag = ou[4..10];
        // Only users with a mail attribute are in scope, as an attribute filter in Connect scopes them.
        var cycle = Cycle(tenant, ou, key, filter: "(mail=*)");
        Assert.Equal(("full", 8), ((await cycle.RunAsync(default)).Mode, (await UsersAsync(tenant)).Count));

        dc.Rename($"CN=User 0,{ou}", $"CN=Jörg Müller,{ou}");
        dc.Modify($"dn: CN=User 1,{ou}\nchangetype: modify\nreplace: userPrincipalName\nuserPrincipalName: renamed.{tag}@contoso.com\n");
        dc.Modify($"dn: CN=User 2,{ou}\nchangetype: modify\nadd: proxyAddresses\nproxyAddresses: smtp:second.{tag}@contoso.com\n");
        dc.Modify($"dn: CN=User 3,{ou}\nchangetype: modify\ndelete: mail\n");
        dc.Rename($"CN=User 4,{ou}", $"CN=User 4,{elsewhere}");
        dc.Delete($"CN=User 5,{ou}");

        var delta = await cycle.RunAsync(default);
        Assert.Equal(("delta", 6, 3), (delta.Mode, delta.Sent, delta.Deletions));
        Assert.Equal((0, 3, 3, 0, 0), (delta.Counts!.Created, delta.Counts.Updated, delta.Counts.Deleted, delta.Counts.Unchanged, delta.Counts.Failed));
        var users = await UsersAsync(tenant);
        Assert.Equal(5, users.Count);
        Assert.Equal($"CN=Jörg Müller,{ou}", users[$"user0.{tag}@contoso.com"].Dn);
        Assert.Contains($"renamed.{tag}@contoso.com", users.Keys);
        Assert.Equal($"SMTP:user2.{tag}@contoso.com,smtp:second.{tag}@contoso.com", users[$"user2.{tag}@contoso.com"].Proxies);
        Assert.DoesNotContain(users.Keys, upn => upn.StartsWith("user3.") || upn.StartsWith("user4.") || upn.StartsWith("user5."));

        // A display name of its own, in another script: the next delta carries just that.
        dc.Modify($"dn: CN=Jörg Müller,{ou}\nchangetype: modify\nreplace: displayName\ndisplayName:: {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Ἀλέξανδρος Παπαδόπουλος"))}\n");
        var next = await cycle.RunAsync(default);
        Assert.Equal((1, 1), (next.Sent, next.Counts!.Updated));
        Assert.Equal("Ἀλέξανδρος Παπαδόπουλος", (await UsersAsync(tenant))[$"user0.{tag}@contoso.com"].Name);
        Assert.Equal(0, (await cycle.RunAsync(default)).Sent);
    }

    [Fact]
    public async Task A_cycle_stopped_between_the_commit_and_the_watermark_sends_its_changes_again_and_nothing_doubles()
    {
        var (tenant, ou, key) = await SetUpAsync(3);
        await Cycle(tenant, ou, key).RunAsync(default);
        dc.Modify($"dn: CN=User 1,{ou}\nchangetype: modify\nreplace: displayName\ndisplayName: Changed Once\n");

        // Where the new state is written, something else is in the way: the service takes the export, the watermark is not stored.
        var blocker = Path.Combine(state, $"{tenant}.state.new");
        Directory.CreateDirectory(blocker);
        var stopped = await Assert.ThrowsAsync<CycleFailedException>(() => Cycle(tenant, ou, key).RunAsync(default));
        Assert.Contains("the watermark could not be stored", stopped.Message);
        Assert.Equal("Changed Once", (await UsersAsync(tenant)).Values.Single(u => u.Dn.StartsWith("CN=User 1,")).Name);

        Directory.Delete(blocker);
        var again = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal(("delta", 1, 0, 1), (again.Mode, again.Sent, again.Counts!.Updated, again.Counts.Unchanged));
        Assert.Equal(3, (await UsersAsync(tenant)).Count);
        Assert.Equal(0, (await Cycle(tenant, ou, key).RunAsync(default)).Sent);
    }

    [Fact]
    public async Task A_delta_over_the_deletion_guard_is_held_and_its_deletions_are_sent_again_until_an_admin_decides()
    {
        var (tenant, ou, key) = await SetUpAsync(4);
        (await admin.PatchAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}", JsonContent.Create(new
        {
            configuration = new { accidentalDeletionPrevention = new { synchronizationPreventionType = "enabledForCount", alertThreshold = 2 } },
        }))).EnsureSuccessStatusCode();
        await Cycle(tenant, ou, key).RunAsync(default);
        foreach (var i in new[] { 0, 1, 2 }) dc.Delete($"CN=User {i},{ou}");

        var held = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal(("delta", 3, null), (held.Mode, held.Deletions, held.Counts));
        Assert.NotNull(held.HeldForReview);
        Assert.Equal(4, (await UsersAsync(tenant)).Count);
        // The watermark stayed: the next cycle names the same deletions again.
        Assert.Equal(3, (await Cycle(tenant, ou, key).RunAsync(default)).Deletions);
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

    [Fact]
    public async Task A_commit_that_outlasts_the_clients_timeout_is_asked_after_and_not_sent_twice()
    {
        var (tenant, ou, key) = await SetUpAsync(20);
        // The service commits, and its answer comes after the agent's timeout (as a commit of millions may).
        var slow = new HttpClient(new AnswersLate(factory.Server.CreateHandler(), request => request.RequestUri!.AbsolutePath.EndsWith("/commit")))
            { BaseAddress = factory.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var outcome = await Cycle(tenant, ou, key, http: slow).RunAsync(default);
        Assert.Equal((20, 20), (outcome.Sent, outcome.Counts!.Created));
        Assert.Equal(1, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task While_the_service_commits_the_run_the_agents_log_says_how_far_it_has_got()
    {
        var (tenant, ou, key) = await SetUpAsync(20);
        var held = new HoldsCommit(factory.Server.CreateHandler());
        var log = new FakeLogger<SyncCycle>();
        var cycle = Cycle(tenant, ou, key, http: new HttpClient(held) { BaseAddress = factory.Server.BaseAddress }, logger: log).RunAsync(default);
        var run = await held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // What the instance committing it announces while its transaction runs (held here before it reaches the service).
        factory.Services.GetRequiredService<AdminPortal.SyncRules.Ports.IChangeFeed>().Publish(new(Guid.Parse(tenant),
            AdminPortal.SyncRules.Changes.ChangeKind.SyncRun, new(run, 7, 20, DateTimeOffset.UtcNow)));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!log.Collector.GetSnapshot().Any(r => r.Message.Contains("7 of 20 objects written")) && DateTime.UtcNow < deadline) await Task.Delay(50);
        held.Release.SetResult();

        Assert.Equal(20, (await cycle).Counts!.Created);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message == $"Run {run}: the service is committing it, 7 of 20 objects written");
    }

    /// <summary>Holds the commit's request until released, the run's id said when it arrives; passes everything else on.</summary>
    private sealed class HoldsCommit(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public TaskCompletionSource<Guid> Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/commit"))
            {
                Arrived.TrySetResult(Guid.Parse(request.RequestUri.Segments[^2].TrimEnd('/')));
                await Release.Task.WaitAsync(ct);
            }
            return await base.SendAsync(request, ct);
        }
    }

    /// <summary>Passes each request on; the answer of those <paramref name="late"/> picks never comes (once each), as a client's timeout sees it.</summary>
    private sealed class AnswersLate(HttpMessageHandler inner, Func<HttpRequestMessage, bool> late) : DelegatingHandler(inner)
    {
        private readonly HashSet<string> delayed = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (late(request) && delayed.Add(request.RequestUri!.AbsolutePath)) await Task.Delay(Timeout.Infinite, ct);
            return response;
        }
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
    public async Task A_wrong_password_fails_the_cycle_in_one_line_and_sends_nothing()
    {
        var (tenant, ou, key) = await SetUpAsync(1);
        var failed = await Assert.ThrowsAsync<CycleFailedException>(() => Cycle(tenant, ou, key, password: "wrong").RunAsync(default));
        Assert.Contains("invalid credentials", failed.Message);
        Assert.DoesNotContain("\n", failed.Message);
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_controller_whose_certificate_no_trusted_ca_issued_fails_the_cycle_and_sends_nothing()
    {
        var (tenant, ou, key) = await SetUpAsync(1);
        var other = Path.Combine(state, "other-ca.pem");
        File.WriteAllText(other, TestCertificates.SelfSignedCa("CN=Some other CA").ExportCertificatePem());
        foreach (var url in new[] { dc.LdapsUrl, new Uri($"ldap://{dc.Address}:389") })
        {
            var failed = await Assert.ThrowsAsync<CycleFailedException>(() => Cycle(tenant, ou, key, directory: url, trusted: other).RunAsync(default));
            Assert.Contains("not trusted", failed.Message);
        }
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task Five_thousand_users_are_read_in_ldap_pages_and_sent_in_run_pages()
    {
        var (tenant, ou, key) = await SetUpAsync(5_000);
        var first = await Cycle(tenant, ou, key, pageObjects: 1_000).RunAsync(default);
        Assert.Equal((5_000, 5_000), (first.Sent, first.Counts!.Created));

        dc.Modify($"dn: CN=User 4321,{ou}\nchangetype: modify\nreplace: displayName\ndisplayName: Only Me\n");
        var delta = await Cycle(tenant, ou, key).RunAsync(default);
        Assert.Equal((1, 1), (delta.Sent, delta.Counts!.Updated));
    }

    [Fact]
    public async Task A_full_database_fails_the_cycle_at_once_with_the_services_words_and_the_next_cycle_sends_again()
    {
        var (tenant, ou, key) = await SetUpAsync(2);
        var commits = 0;
        var full = new HttpClient(new AnswersFull(factory.Server.CreateHandler(), () => commits++)) { BaseAddress = factory.Server.BaseAddress };
        var failed = await Assert.ThrowsAsync<CycleFailedException>(() => Cycle(tenant, ou, key, http: full).RunAsync(default));
        Assert.Contains("507", failed.Message);
        Assert.Contains("out of space", failed.Message);
        Assert.Equal(1, commits);
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));

        Assert.Equal(2, (await Cycle(tenant, ou, key).RunAsync(default)).Counts!.Created);
    }

    /// <summary>Answers every commit as the service does when its database is full (507, its problem body); passes the rest on.</summary>
    private sealed class AnswersFull(HttpMessageHandler inner, Action committed) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (!request.RequestUri!.AbsolutePath.EndsWith("/commit")) return base.SendAsync(request, ct);
            committed();
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.InsufficientStorage)
            {
                Content = JsonContent.Create(new { status = 507, title = AdminPortal.SyncRules.StorageFullException.Explanation }),
            });
        }
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
