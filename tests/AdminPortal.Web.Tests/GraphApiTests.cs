using AdminPortal.TestSupport;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;

namespace AdminPortal.Web.Tests;

public abstract class GraphApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactoryOn
{
    private readonly HttpClient admin = factory.Admin();

    private async Task<(string Tenant, GraphServiceClient Graph)> NewTenantAsync(string created = "2016-09-01T00:00:00Z")
    {
        var tenant = await Api.CreateTenantAsync(admin, "g" + Guid.NewGuid().ToString("N")[..10], created);
        return (tenant, GraphSdk.For(factory, tenant));
    }

    private static User NewUser(string upn, string? mail = null, string? displayName = null) => new()
    {
        DisplayName = displayName ?? "Cloud " + upn, UserPrincipalName = upn, Mail = mail, AccountEnabled = true, MailNickname = upn[..upn.IndexOf('@')],
        PasswordProfile = new PasswordProfile { Password = "Secret-12345!", ForceChangePasswordNextSignIn = false },
    };

    [ProviderFact]
    public async Task Features_are_read_and_patched_under_their_graph_names()
    {
        var (tenant, graph) = await NewTenantAsync();
        var sync = (await graph.Directory.OnPremisesSynchronization.GetAsync())!.Value!.Single();
        Assert.Equal(tenant, sync.Id);
        Assert.True(sync.Features!.QuarantineUponUpnConflictEnabled);
        Assert.False(sync.Features.BlockSoftMatchEnabled);
        Assert.Equal(500, sync.Configuration!.AccidentalDeletionPrevention!.AlertThreshold);

        await graph.Directory.OnPremisesSynchronization[tenant].PatchAsync(new OnPremisesDirectorySynchronization
        {
            Features = new OnPremisesDirectorySynchronizationFeature { BlockSoftMatchEnabled = true },
            Configuration = new OnPremisesDirectorySynchronizationConfiguration
            {
                AccidentalDeletionPrevention = new OnPremisesAccidentalDeletionPrevention
                    { SynchronizationPreventionType = OnPremisesDirectorySynchronizationDeletionPreventionType.EnabledForPercentage, AlertThreshold = 10 },
            },
        });
        var after = (await graph.Directory.OnPremisesSynchronization[tenant].GetAsync())!;
        Assert.True(after.Features!.BlockSoftMatchEnabled);
        Assert.Equal(OnPremisesDirectorySynchronizationDeletionPreventionType.EnabledForPercentage, after.Configuration!.AccidentalDeletionPrevention!.SynchronizationPreventionType);
    }

    [ProviderFact]
    public async Task Turning_a_one_way_feature_off_is_refused_as_an_odata_error_and_changes_nothing()
    {
        var (tenant, graph) = await NewTenantAsync();
        var refused = await Assert.ThrowsAsync<ODataError>(() => graph.Directory.OnPremisesSynchronization[tenant].PatchAsync(new OnPremisesDirectorySynchronization
        {
            Features = new OnPremisesDirectorySynchronizationFeature { BlockSoftMatchEnabled = true, SoftMatchOnUpnEnabled = false },
        }));
        Assert.Equal(400, refused.ResponseStatusCode);
        Assert.Contains("cannot be disabled", refused.Error!.Message);
        var after = (await graph.Directory.OnPremisesSynchronization[tenant].GetAsync())!;
        Assert.True(after.Features!.SoftMatchOnUpnEnabled);
        Assert.False(after.Features.BlockSoftMatchEnabled);

        var syncClientOnly = await Assert.ThrowsAsync<ODataError>(() => graph.Directory.OnPremisesSynchronization[tenant].PatchAsync(
            new OnPremisesDirectorySynchronization { Features = new OnPremisesDirectorySynchronizationFeature { PasswordSyncEnabled = true } }));
        Assert.Contains("sync client", syncClientOnly.Error!.Message);
    }

    [ProviderFact]
    public async Task Objects_are_created_listed_with_filters_and_paged()
    {
        var (tenant, graph) = await NewTenantAsync();
        for (var i = 0; i < 5; i++) await graph.Users.PostAsync(NewUser($"pager{i}@contoso.com", displayName: $"Pager {i}"));
        await graph.Users.PostAsync(NewUser("other@contoso.com"));
        await graph.Groups.PostAsync(new Group { DisplayName = "Sales", MailEnabled = true, MailNickname = "sales", SecurityEnabled = false, Mail = "sales@contoso.com" });

        var names = new List<string>();
        var page = await graph.Users.GetAsync(r => { r.QueryParameters.Filter = "startswith(displayName,'Pager')"; r.QueryParameters.Top = 2; r.QueryParameters.Select = ["id", "displayName"]; });
        var pages = 0;
        while (page is not null)
        {
            pages++;
            names.AddRange(page.Value!.Select(u => u.DisplayName!));
            Assert.All(page.Value!, u => Assert.Null(u.UserPrincipalName));
            page = page.OdataNextLink is { } next ? await graph.Users.WithUrl(next).GetAsync() : null;
        }
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Pager {i}").Order(), names.Order());

        var byUpn = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "userPrincipalName eq 'other@contoso.com'");
        Assert.Equal("other@contoso.com", byUpn!.Value!.Single().UserPrincipalName);
        Assert.Equal("sales@contoso.com", (await graph.Groups.GetAsync())!.Value!.Single().Mail);
    }

    [ProviderFact]
    public async Task The_provisioning_error_and_sync_filters_find_quarantined_synced_users()
    {
        var (tenant, graph) = await NewTenantAsync();
        await graph.Users.PostAsync(NewUser("cloud@contoso.com"));
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com"), Api.User("a2", "joe@contoso.com")));
        var conflicted = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "onPremisesProvisioningErrors/any(o:o/category eq 'PropertyConflict')");
        var user = conflicted!.Value!.Single();
        var error = user.OnPremisesProvisioningErrors!.Single();
        Assert.Equal(("PropertyConflict", "UserPrincipalName", "joe@contoso.com"), (error.Category, error.PropertyCausingError, error.Value));
        var synced = await graph.Users.GetAsync(r => r.QueryParameters.Filter = "onPremisesSyncEnabled eq true");
        Assert.Equal(2, synced!.Value!.Count);
        Assert.All(synced.Value!, u => Assert.True(u.OnPremisesSyncEnabled));
    }

    [ProviderFact]
    public async Task Cloud_users_soft_match_by_smtp_and_by_upn_and_an_admin_is_refused()
    {
        var (tenant, graph) = await NewTenantAsync();
        var bySmtp = await graph.Users.PostAsync(NewUser("megan@contoso.onmicrosoft.com", "megan@contoso.com"));
        var byUpn = await graph.Users.PostAsync(NewUser("lee@contoso.com"));
        var boss = await graph.Users.PostAsync(NewUser("boss@contoso.com", "boss@contoso.com"));
        await graph.RoleManagement.Directory.RoleAssignments.PostAsync(new UnifiedRoleAssignment
            { PrincipalId = boss!.Id, RoleDefinitionId = "62e90394-69f5-4237-9190-012177145e10", DirectoryScopeId = "/" });

        var results = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant,
            Api.User("m1", "megan@contoso.com", "SMTP:megan@contoso.com"),
            Api.User("l1", "lee@contoso.com", "SMTP:lee.gu@contoso.com"),
            Api.User("b1", "boss@contoso.com", "SMTP:boss@contoso.com"))))["results"]!.AsArray();
        Assert.Equal(("softMatchSmtp", bySmtp!.Id), (results[0]!["matchedBy"]!.GetValue<string>(), results[0]!["objectId"]!.GetValue<string>()));
        Assert.Equal(("softMatchUpn", byUpn!.Id), (results[1]!["matchedBy"]!.GetValue<string>(), results[1]!["objectId"]!.GetValue<string>()));
        Assert.Equal("ExistingAdminRoleConflict", results[2]!["errors"]![0]!["code"]!.GetValue<string>());
        var matched = await graph.Users[bySmtp.Id].GetAsync();
        Assert.Equal("m1", matched!.OnPremisesImmutableId);
        Assert.True(matched.OnPremisesSyncEnabled);
    }

    [ProviderFact]
    public async Task Licenses_and_role_assignments_are_made_listed_and_removed()
    {
        var (_, graph) = await NewTenantAsync();
        var user = await graph.Users.PostAsync(NewUser("ann@contoso.com"));
        var sku = Guid.NewGuid();
        var licensed = await graph.Users[user!.Id].AssignLicense.PostAsync(new AssignLicensePostRequestBody
            { AddLicenses = [new AssignedLicense { SkuId = sku }], RemoveLicenses = [] });
        Assert.Equal(sku, licensed!.AssignedLicenses!.Single().SkuId);
        var assignment = await graph.RoleManagement.Directory.RoleAssignments.PostAsync(new UnifiedRoleAssignment
            { PrincipalId = user.Id, RoleDefinitionId = "62e90394-69f5-4237-9190-012177145e10", DirectoryScopeId = "/" });
        Assert.Equal(user.Id, (await graph.RoleManagement.Directory.RoleAssignments.GetAsync())!.Value!.Single().PrincipalId);
        await graph.RoleManagement.Directory.RoleAssignments[assignment!.Id].DeleteAsync();
        Assert.Empty((await graph.RoleManagement.Directory.RoleAssignments.GetAsync())!.Value!);
    }

    [ProviderFact]
    public async Task A_cloud_change_that_frees_a_value_lets_fixup_restore_it_and_synced_attributes_are_read_only()
    {
        var (tenant, graph) = await NewTenantAsync();
        var cloud = await graph.Users.PostAsync(NewUser("joe@contoso.com"));
        await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(NewUser("JOE@contoso.com")));

        await graph.Users.PostAsync(NewUser("holder@contoso.com", "sales@contoso.com"));
        var synced = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("s1", "sam@contoso.com", "SMTP:sam@contoso.com", "smtp:sales@contoso.com"))))["results"]![0]!;
        Assert.Equal("smtp:sales@contoso.com", synced["quarantined"]![0]!["value"]!.GetValue<string>());
        var holder = (await graph.Users.GetAsync(r => r.QueryParameters.Filter = "userPrincipalName eq 'holder@contoso.com'"))!.Value!.Single();
        await graph.Users[holder.Id].PatchAsync(new User { Mail = "holder@contoso.com" });
        await admin.PostAsync($"/api/tenants/{tenant}/fixup", null);
        var restored = await graph.Users[synced["objectId"]!.GetValue<string>()].GetAsync();
        Assert.Contains("smtp:sales@contoso.com", restored!.ProxyAddresses!);
        Assert.Empty(restored.OnPremisesProvisioningErrors!);

        var readOnly = await Assert.ThrowsAsync<ODataError>(() => graph.Users[restored.Id].PatchAsync(new User { DisplayName = "renamed in the cloud" }));
        Assert.Contains("on-premises mastered", readOnly.Error!.Message);
        await graph.Users[cloud!.Id].DeleteAsync();
        await Assert.ThrowsAsync<ODataError>(() => graph.Users[cloud.Id].GetAsync());
    }

    [ProviderFact]
    public async Task Bad_input_gets_a_graph_error_body_never_a_500()
    {
        var (tenant, graph) = await NewTenantAsync();
        var withColour = NewUser("x@contoso.com");
        withColour.AdditionalData = new Dictionary<string, object> { ["colour"] = "red" };
        var unknown = await Assert.ThrowsAsync<ODataError>(() => graph.Users.PostAsync(withColour));
        Assert.Equal(400, unknown.ResponseStatusCode);
        Assert.Contains("colour", unknown.Error!.Message);
        var badFilter = await Assert.ThrowsAsync<ODataError>(() => graph.Users.GetAsync(r => r.QueryParameters.Filter = "displayName eq"));
        Assert.Equal("Request_UnsupportedQuery", badFilter.Error!.Code);
        var missing = await Assert.ThrowsAsync<ODataError>(() => graph.Users[Guid.NewGuid().ToString()].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);

        foreach (var (method, path, body) in new (string, string, string?)[]
        {
            ("POST", "users", """{"displayName": 42, "userPrincipalName": "y@contoso.com"}"""),
            ("POST", "users", """{"displayName": "Y", "userPrincipalName": "y@contoso.com", "proxyAddresses": "SMTP:y@contoso.com"}"""),
            ("POST", "users", "{not json"),
            ("POST", "users", """{"displayName": "Y", "userPrincipalName": "y@contoso.com", "proxyAddresses": ["nocolon"]}"""),
            ("POST", "users", """{"displayName": "Y", "userPrincipalName": "y@contoso.com", "mail": "not an address"}"""),
            ("GET", "users?$top=0", null),
            ("GET", "users?$top=abc", null),
            ("GET", "users?$select=colour", null),
            ("GET", "users?$skiptoken=nope", null),
            ("GET", "users?$filter=startswith(displayName,'unterminated)", null),
            ("GET", "groups?$filter=userPrincipalName eq 'x@contoso.com'", null),
            ("PATCH", $"directory/onPremisesSynchronization/{tenant}", """{"features": {"noSuchFeature": true}}"""),
            ("PATCH", $"directory/onPremisesSynchronization/{tenant}", """{"features": {"blockSoftMatchEnabled": "yes"}}"""),
            ("PATCH", $"directory/onPremisesSynchronization/{tenant}", """{"configuration": {"accidentalDeletionPrevention": {"synchronizationPreventionType": "sometimes", "alertThreshold": 5}}}"""),
            ("PATCH", $"directory/onPremisesSynchronization/{Guid.NewGuid()}", """{"features": {}}"""),
            ("POST", "roleManagement/directory/roleAssignments", """{"principalId": "not-a-guid", "roleDefinitionId": "x"}"""),
            ("POST", $"users/{Guid.NewGuid()}/assignLicense", """{"addLicenses": [], "removeLicenses": []}"""),
        })
        {
            var request = new HttpRequestMessage(new HttpMethod(method), $"/graph/{tenant}/v1.0/{path}");
            if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            var response = await admin.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode} {text}");
            var error = JsonNode.Parse(text)!["error"]!;
            Assert.False(string.IsNullOrWhiteSpace(error["code"]!.GetValue<string>()), text);
            Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()), text);
        }
    }
}

public sealed class GraphApiTestsOnSqlite(PortalFactory factory) : GraphApiTests<PortalFactory>(factory);

public sealed class GraphApiTestsOnPostgres(PostgresPortalFactory factory) : GraphApiTests<PostgresPortalFactory>(factory);

[SqlServer]
public sealed class GraphApiTestsOnSqlServer(SqlServerPortalFactory factory) : GraphApiTests<SqlServerPortalFactory>(factory);
