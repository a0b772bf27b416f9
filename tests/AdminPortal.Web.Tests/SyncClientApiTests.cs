using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.SyncRules.Access;
using AdminPortal.SyncRules.ReadModels;
using AdminPortal.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The sync client's report: sent through the sync API (SyncClient role), read through Graph's beta configuration (not
/// v1.0, which has no such fields) and the sync API; the interval an admin asks of the client, audited and answered to
/// the client's next report.
/// </summary>
public class SyncClientApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private static object Report(string machine = "DC-SYNC01", string interval = "PT30M") => new
    {
        synchronizationClientVersion = "AdminPortal.SyncAgent 1.0.0",
        synchronizationInterval = interval,
        anchorAttribute = "mS-DS-ConsistencyGuid",
        currentExportData = new
        {
            clientMachineName = machine, serviceAccount = "svc-sync@contoso.com", pendingObjectsAddition = 0, pendingObjectsDeletion = 2,
            pendingObjectsUpdate = 3, successfulLinksProvisioningCount = 0, successfulObjectsProvisioningCount = 42, totalConnectorSpaceObjects = 1200,
        },
    };

    private async Task<(string Tenant, HttpClient Client)> SetUpAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "c" + Guid.NewGuid().ToString("N")[..10]);
        using var scope = factory.Services.CreateScope();
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<AccessKeyService>().IssueAsync("agent-on-dc", Roles.SyncClient, Guid.Parse(tenant), "test", default);
        return (tenant, factory.WithToken(secret));
    }

    private async Task<JsonObject> ConfigurationAsync(string tenant, string version) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/{version}/directory/onPremisesSynchronization/{tenant}")))["configuration"]!.AsObject();

    [Fact]
    public async Task A_report_is_read_through_graph_beta_and_the_sync_api_and_v1_shows_only_what_v1_has()
    {
        var (tenant, client) = await SetUpAsync();
        Assert.Null((await ConfigurationAsync(tenant, "beta"))["synchronizationClientVersion"]);

        var answer = await Api.OkJsonAsync(await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/client", Report()));
        Assert.Null(answer["customerRequestedSynchronizationInterval"]);
        Assert.False(answer["isOverdue"]!.GetValue<bool>());

        var beta = await ConfigurationAsync(tenant, "beta");
        Assert.Equal(("AdminPortal.SyncAgent 1.0.0", "PT30M", "mS-DS-ConsistencyGuid"),
            (beta["synchronizationClientVersion"]!.GetValue<string>(), beta["synchronizationInterval"]!.GetValue<string>(), beta["anchorAttribute"]!.GetValue<string>()));
        var export = beta["currentExportData"]!;
        Assert.Equal(("DC-SYNC01", "svc-sync@contoso.com", 42, 1200, 2, 3), (export["clientMachineName"]!.GetValue<string>(), export["serviceAccount"]!.GetValue<string>(),
            export["successfulObjectsProvisioningCount"]!.GetValue<int>(), export["totalConnectorSpaceObjects"]!.GetValue<int>(),
            export["pendingObjectsDeletion"]!.GetValue<int>(), export["pendingObjectsUpdate"]!.GetValue<int>()));
        Assert.NotNull(beta["accidentalDeletionPrevention"]);

        var v1 = await ConfigurationAsync(tenant, "v1.0");
        Assert.Equal(["accidentalDeletionPrevention"], v1.Select(p => p.Key));

        // The client reads its own status back; the next export is due one interval after the report.
        var status = await Api.OkJsonAsync(await client.GetAsync($"/api/tenants/{tenant}/sync/client"));
        Assert.Equal(status["reportedDateTime"]!.GetValue<DateTimeOffset>().AddMinutes(30), status["nextExportDueDateTime"]!.GetValue<DateTimeOffset>());
        Assert.Contains("agent-on-dc", status["reportedBy"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_admin_asks_the_client_for_another_interval_through_graph_beta_and_the_clients_next_report_hears_it()
    {
        var (tenant, client) = await SetUpAsync();
        await Api.OkJsonAsync(await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/client", Report()));
        var patch = await admin.PatchAsJsonAsync($"/graph/{tenant}/beta/directory/onPremisesSynchronization/{tenant}",
            new { configuration = new { customerRequestedSynchronizationInterval = "PT2H" } });
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);
        Assert.Equal("PT2H", (await ConfigurationAsync(tenant, "beta"))["customerRequestedSynchronizationInterval"]!.GetValue<string>());

        var answer = await Api.OkJsonAsync(await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/client", Report()));
        Assert.Equal("PT2H", answer["customerRequestedSynchronizationInterval"]!.GetValue<string>());
        Assert.Equal(answer["reportedDateTime"]!.GetValue<DateTimeOffset>().AddHours(2), answer["nextExportDueDateTime"]!.GetValue<DateTimeOffset>());

        using var scope = factory.Services.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<IAuditQueries>().ListAsync(Guid.Parse(tenant), new AuditFilter(Action: "syncClient.requestInterval"), 10, null, default);
        var entry = Assert.Single(audit.Items);
        Assert.Contains("PT2H", entry.After);

        // null gives the client its own interval back.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PatchAsync($"/graph/{tenant}/beta/directory/onPremisesSynchronization/{tenant}",
            JsonContent.Create(JsonNode.Parse("""{"configuration":{"customerRequestedSynchronizationInterval":null}}""")))).StatusCode);
        Assert.Null((await ConfigurationAsync(tenant, "beta"))["customerRequestedSynchronizationInterval"]);
    }

    [Theory]
    [InlineData("""{"configuration":{"customerRequestedSynchronizationInterval":"PT10M"}}""", "at least 30 minutes")]
    [InlineData("""{"configuration":{"customerRequestedSynchronizationInterval":"half an hour"}}""", "not an ISO 8601 duration")]
    [InlineData("""{"configuration":{"synchronizationClientVersion":"9.9"}}""", "reported by the sync client")]
    [InlineData("""{"configuration":{"customerRequestedSynchronizationInterval":"PT1H"},"features":{"passwordSyncEnabled":true}}""", "set only by the on-premises sync client")]
    public async Task A_patch_the_admin_may_not_make_is_a_400_and_changes_nothing(string body, string expected)
    {
        var (tenant, _) = await SetUpAsync();
        var before = await ConfigurationAsync(tenant, "beta");
        var response = await admin.PatchAsync($"/graph/{tenant}/beta/directory/onPremisesSynchronization/{tenant}", JsonContent.Create(JsonNode.Parse(body)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(before.ToJsonString(), (await ConfigurationAsync(tenant, "beta")).ToJsonString());
    }

    [Fact]
    public async Task A_bad_report_is_a_400_naming_each_bad_field_and_nothing_is_stored()
    {
        var (tenant, client) = await SetUpAsync();
        var response = await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/client", new
        {
            synchronizationInterval = "every so often",
            currentExportData = new { clientMachineName = "", totalConnectorSpaceObjects = -1 },
        });
        var problem = await Api.ProblemAsync(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.Equal(["currentExportData.clientMachineName", "currentExportData.totalConnectorSpaceObjects", "synchronizationClientVersion", "synchronizationInterval"],
            errors.Select(e => e.Key).Order());
        Assert.Null((await ConfigurationAsync(tenant, "beta"))["synchronizationClientVersion"]);
    }

    [Fact]
    public async Task Only_a_sync_client_or_an_admin_reports_and_only_an_admin_asks_for_an_interval()
    {
        var (tenant, client) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.AsRole(Roles.Operator).PostAsJsonAsync($"/api/tenants/{tenant}/sync/client", Report())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PatchAsJsonAsync($"/graph/{tenant}/beta/directory/onPremisesSynchronization/{tenant}",
            new { configuration = new { customerRequestedSynchronizationInterval = "PT1H" } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/tenants/{tenant}/sync/client", Report())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.AsRole(Roles.Reader).GetAsync($"/api/tenants/{tenant}/sync/client")).StatusCode);
    }
}
