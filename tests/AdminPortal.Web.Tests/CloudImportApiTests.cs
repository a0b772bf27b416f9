using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>
/// POST …/cloud/import: a real tenant's cloud side loaded from saved Graph list pages, so the pre-flight's what-if runs
/// against it — a synced user hard-matched, a cloud user soft-matched by SMTP, an administrator refused.
/// </summary>
public class CloudImportApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private static readonly Guid JoeGuid = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    private static readonly string JoeId = "11111111-0000-0000-0000-000000000001", AnnId = "11111111-0000-0000-0000-000000000002", BossId = "11111111-0000-0000-0000-000000000003";

    private static object UsersPage() => new Dictionary<string, object?>
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#users(id,displayName,userPrincipalName,mail,proxyAddresses,onPremisesImmutableId,onPremisesSyncEnabled)",
        ["@odata.nextLink"] = "https://graph.microsoft.com/v1.0/users?$skiptoken=abc",
        ["value"] = new object[]
        {
            new { id = JoeId, displayName = "Joe", userPrincipalName = "joe@contoso.com", mail = "joe@contoso.com", proxyAddresses = new[] { "SMTP:joe@contoso.com" },
                onPremisesImmutableId = Convert.ToBase64String(JoeGuid.ToByteArray()), onPremisesSyncEnabled = true, onPremisesDistinguishedName = "CN=Joe,OU=Staff,DC=contoso,DC=com" },
            new { id = AnnId, displayName = "Ann (cloud)", userPrincipalName = "ann@contoso.onmicrosoft.com", mail = "ann@contoso.com", proxyAddresses = new[] { "SMTP:ann@contoso.com" },
                onPremisesImmutableId = (string?)null, onPremisesSyncEnabled = (bool?)null, onPremisesDistinguishedName = (string?)null },
            new { id = BossId, displayName = "Boss", userPrincipalName = "boss@contoso.onmicrosoft.com", mail = "boss@contoso.com", proxyAddresses = new[] { "SMTP:boss@contoso.com" },
                onPremisesImmutableId = (string?)null, onPremisesSyncEnabled = (bool?)null, onPremisesDistinguishedName = (string?)null },
        },
    };

    private static object RolesPage() => new Dictionary<string, object?>
    {
        ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignments",
        ["value"] = new[] { new { id = Guid.NewGuid().ToString(), principalId = BossId, roleDefinitionId = "62e90394-69f5-4237-9190-012177145e10", directoryScopeId = "/" } },
    };

    private static string Ldif() => string.Join("\n",
        $"dn: CN=Joe,OU=Staff,DC=contoso,DC=com\nobjectClass: user\ncn: Joe\ndisplayName: Joe\nobjectGUID:: {Convert.ToBase64String(JoeGuid.ToByteArray())}\nuserPrincipalName: joe@contoso.com\nmail: joe@contoso.com\nproxyAddresses: SMTP:joe@contoso.com\n",
        $"dn: CN=Ann,OU=Staff,DC=contoso,DC=com\nobjectClass: user\ncn: Ann\ndisplayName: Ann\nobjectGUID:: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\nuserPrincipalName: ann@contoso.com\nproxyAddresses: SMTP:ann@contoso.com\n",
        $"dn: CN=Boss,OU=Staff,DC=contoso,DC=com\nobjectClass: user\ncn: Boss\ndisplayName: Boss\nobjectGUID:: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\nuserPrincipalName: boss@contoso.com\nproxyAddresses: SMTP:boss@contoso.com\n");

    private Task<HttpResponseMessage> LoadAsync(HttpClient client, string tenant, object page) => client.PostAsJsonAsync($"/api/tenants/{tenant}/cloud/import", page);

    private async Task<string> TenantAsync() => await Api.CreateTenantAsync(admin, "c" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task The_what_if_runs_against_the_loaded_tenant_hard_and_soft_matching_and_refusing_the_administrator()
    {
        var tenant = await TenantAsync();
        var users = await Api.OkJsonAsync(await LoadAsync(admin, tenant, UsersPage()));
        Assert.Equal(("users", 3), (users["kind"]!.GetValue<string>(), users["imported"]!.GetValue<int>()));
        Assert.Equal(1, (await Api.OkJsonAsync(await LoadAsync(admin, tenant, RolesPage())))["imported"]!.GetValue<int>());

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{tenant}/preflight?format=ldif&mode=delta") { Content = new StringContent(Ldif(), Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var report = await Api.OkJsonAsync(await admin.SendAsync(request));
        var whatIf = report["whatIf"]!.AsArray().ToDictionary(w => w!["distinguishedName"]!.GetValue<string>()[3..].Split(',')[0], w => w!);
        var results = report["dryRun"]!["results"]!.AsArray().ToDictionary(r => r!["sourceAnchor"]!.GetValue<string>(), r => r!);
        // Joe is the loaded synced user, by his immutable id (updated: the tenant has not seen this client's export before).
        Assert.Equal("updated", whatIf["Joe"]["outcome"]!.GetValue<string>());
        Assert.Equal(JoeId, results[whatIf["Joe"]["sourceAnchor"]!.GetValue<string>()]["objectId"]!.GetValue<string>());
        Assert.Equal("matched", whatIf["Ann"]["outcome"]!.GetValue<string>());
        Assert.Equal("softMatchSmtp", results[whatIf["Ann"]["sourceAnchor"]!.GetValue<string>()]["matchedBy"]!.GetValue<string>());
        Assert.Equal(AnnId, results[whatIf["Ann"]["sourceAnchor"]!.GetValue<string>()]["objectId"]!.GetValue<string>());
        var boss = results[whatIf["Boss"]["sourceAnchor"]!.GetValue<string>()];
        Assert.Equal("failed", boss["outcome"]!.GetValue<string>());
        Assert.Contains(boss["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "ExistingAdminRoleConflict");
    }

    [Fact]
    public async Task Groups_and_contacts_load_and_a_page_loaded_twice_changes_nothing_the_second_time()
    {
        var tenant = await TenantAsync();
        var groups = new Dictionary<string, object?>
        {
            ["value"] = new[] { new Dictionary<string, object?> { ["@odata.type"] = "#microsoft.graph.group", ["id"] = Guid.NewGuid().ToString(), ["displayName"] = "Sales",
                ["mail"] = "sales@contoso.com", ["mailEnabled"] = true, ["mailNickname"] = "sales", ["proxyAddresses"] = new[] { "SMTP:sales@contoso.com" } } },
        };
        var contacts = new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#contacts",
            ["value"] = new[] { new { id = Guid.NewGuid().ToString(), displayName = "Vendor", mail = "vendor@fabrikam.com", proxyAddresses = new[] { "SMTP:vendor@fabrikam.com" } } },
        };
        Assert.Equal("groups", (await Api.OkJsonAsync(await LoadAsync(admin, tenant, groups)))["kind"]!.GetValue<string>());
        Assert.Equal("contacts", (await Api.OkJsonAsync(await LoadAsync(admin, tenant, contacts)))["kind"]!.GetValue<string>());
        var before = await Api.VisibleStateAsync(admin, tenant);
        var again = await Api.OkJsonAsync(await LoadAsync(admin, tenant, groups));
        Assert.Equal((0, 1), (again["imported"]!.GetValue<int>(), again["alreadyThere"]!.GetValue<int>()));
        Assert.Contains("Sales", before);
        Assert.Contains("Vendor", before);
    }

    [Fact]
    public async Task A_file_that_is_not_a_graph_list_page_is_a_400_saying_so_and_nothing_is_loaded()
    {
        var tenant = await TenantAsync();
        var before = await Api.VisibleStateAsync(admin, tenant);
        foreach (var notAPage in new object[] { new { mode = "delta", objects = Array.Empty<object>() }, new { value = new[] { new { id = "x" } } } })
        {
            var problem = await Api.ProblemAsync(await LoadAsync(admin, tenant, notAPage), 400);
            Assert.Contains("not a Microsoft Graph list page", problem.ToJsonString());
        }
        var badId = new Dictionary<string, object?> { ["@odata.context"] = "$metadata#users", ["value"] = new[] { new { id = "not-a-guid", displayName = "X" } } };
        Assert.Contains("value[0].id", (await Api.ProblemAsync(await LoadAsync(admin, tenant, badId), 400))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
    }

    [Fact]
    public async Task A_page_whose_values_the_tenant_already_holds_elsewhere_is_refused_whole()
    {
        var tenant = await TenantAsync();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com")));
        var before = await Api.VisibleStateAsync(admin, tenant);
        var problem = await Api.ProblemAsync(await LoadAsync(admin, tenant, UsersPage()), 409);
        Assert.Contains("joe@contoso.com", problem.ToJsonString());
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
    }

    [Fact]
    public async Task Only_an_admin_loads_a_tenants_cloud_side()
    {
        var tenant = await TenantAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await LoadAsync(factory.AsRole(Roles.Operator), tenant, UsersPage())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await LoadAsync(factory.AsRole(Roles.SyncClient), tenant, UsersPage())).StatusCode);
    }
}
