using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>
/// onPremisesSyncBehavior through Graph, v1.0 and beta, over the real store: a synced user converted to cloud
/// management, the sync client's export and a full export that leaves it out not applied, authority given back.
/// </summary>
public class SyncBehaviorApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private async Task<(string Tenant, string Id)> SyncedUserAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "s" + Guid.NewGuid().ToString("N")[..10]);
        var batch = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com")));
        return (tenant, batch["results"]![0]!["objectId"]!.GetValue<string>());
    }

    private async Task<bool> CloudManagedAsync(string tenant, string id, string version = "v1.0") =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/{version}/users/{id}/onPremisesSyncBehavior")))["isCloudManaged"]!.GetValue<bool>();

    private Task<HttpResponseMessage> PatchAsync(HttpClient client, string tenant, string id, string body, string version = "beta") =>
        client.PatchAsync($"/graph/{tenant}/{version}/users/{id}/onPremisesSyncBehavior", JsonContent.Create(JsonNode.Parse(body)));

    [Fact]
    public async Task A_converted_user_keeps_the_clouds_values_until_authority_is_given_back()
    {
        var (tenant, id) = await SyncedUserAsync();
        Assert.False(await CloudManagedAsync(tenant, id));
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(admin, tenant, id, """{"isCloudManaged":true}""")).StatusCode);
        Assert.True(await CloudManagedAsync(tenant, id, "beta"));
        var user = await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users/{id}"));
        Assert.False(user["onPremisesSyncEnabled"]!.GetValue<bool>());

        // Edited as a cloud object's attributes are; the sync client's change is not applied, and says so.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PatchAsJsonAsync($"/graph/{tenant}/v1.0/users/{id}", new { displayName = "Joe in the cloud" })).StatusCode);
        var ignored = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joseph@contoso.com", "SMTP:joe@contoso.com"))))["results"]![0]!;
        Assert.Equal("unchanged", ignored["outcome"]!.GetValue<string>());
        Assert.Contains("cloud-managed", ignored["warnings"]![0]!.GetValue<string>());
        var full = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a2", "ann@contoso.com")));
        Assert.Equal(0, full["counts"]!["deleted"]!.GetValue<int>());
        user = await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users/{id}"));
        Assert.Equal(("Joe in the cloud", "joe@contoso.com"), (user["displayName"]!.GetValue<string>(), user["userPrincipalName"]!.GetValue<string>()));

        // Given back (through v1.0 this time): the client's next export applies.
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(admin, tenant, id, """{"isCloudManaged":false}""", "v1.0")).StatusCode);
        var applied = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joseph@contoso.com", "SMTP:joe@contoso.com"))))["results"]![0]!;
        Assert.Equal("updated", applied["outcome"]!.GetValue<string>());
        user = await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users/{id}"));
        Assert.Equal(("joseph@contoso.com", true), (user["userPrincipalName"]!.GetValue<string>(), user["onPremisesSyncEnabled"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_sync_filter_answers_as_the_property_reads_and_a_cloud_only_user_matches_neither_value()
    {
        var (tenant, converted) = await SyncedUserAsync();
        var synced = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a2", "ann@contoso.com", "SMTP:ann@contoso.com"))))["results"]![0]!["objectId"]!.GetValue<string>();
        var cloud = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users", new
        {
            displayName = "Cloud only", userPrincipalName = "cloud@contoso.com", mailNickname = "cloud", accountEnabled = true,
        })))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await PatchAsync(admin, tenant, converted, """{"isCloudManaged":true}""")).StatusCode);

        async Task<Dictionary<string, JsonNode?>> ListedAsync(string filter) =>
            (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users?$filter={Uri.EscapeDataString(filter)}")))["value"]!.AsArray()
                .ToDictionary(u => u!["id"]!.GetValue<string>(), u => u!["onPremisesSyncEnabled"]);
        var whenTrue = await ListedAsync("onPremisesSyncEnabled eq true");
        var whenFalse = await ListedAsync("onPremisesSyncEnabled eq false");
        Assert.Equal([synced], whenTrue.Keys);
        Assert.Equal([converted], whenFalse.Keys);
        Assert.True(whenTrue[synced]!.GetValue<bool>());
        Assert.False(whenFalse[converted]!.GetValue<bool>());
        var all = await ListedAsync("startswith(displayName,'Cloud')");
        Assert.Null(all[cloud]);
    }

    [Fact]
    public async Task Beta_answers_the_v1_calls_with_the_same_objects_and_its_own_context()
    {
        var (tenant, id) = await SyncedUserAsync();
        var v1 = await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users"));
        var beta = await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/beta/users"));
        Assert.Equal(v1["value"]!.ToJsonString(), beta["value"]!.ToJsonString());
        Assert.Contains($"/graph/{tenant}/beta/$metadata#users", beta["@odata.context"]!.GetValue<string>());
        Assert.Contains($"/graph/{tenant}/beta/$metadata#users('{id}')/onPremisesSyncBehavior",
            (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/beta/users/{id}/onPremisesSyncBehavior")))["@odata.context"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"isCloudManaged":"yes"}""", "must be true or false")]
    [InlineData("""{"isCloudManaged":true,"colour":"blue"}""", "does not exist on type 'microsoft.graph.onPremisesSyncBehavior'")]
    [InlineData("""{}""", "isCloudManaged is required")]
    public async Task A_bad_body_is_a_400_in_graphs_shape_and_changes_nothing(string body, string expected)
    {
        var (tenant, id) = await SyncedUserAsync();
        var response = await PatchAsync(admin, tenant, id, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!;
        Assert.Contains(expected, error["message"]!.GetValue<string>());
        Assert.False(await CloudManagedAsync(tenant, id));
    }

    [Fact]
    public async Task Only_an_admin_converts_and_a_cloud_only_user_cannot_be_converted()
    {
        var (tenant, id) = await SyncedUserAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await PatchAsync(factory.AsRole(Roles.Operator), tenant, id, """{"isCloudManaged":true}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.AsRole(Roles.Reader).GetAsync($"/graph/{tenant}/beta/users/{id}/onPremisesSyncBehavior")).StatusCode);
        Assert.False(await CloudManagedAsync(tenant, id));

        var cloudOnly = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Cloud Ann", userPrincipalName = "cloud.ann@contoso.com" })))["id"]!.GetValue<string>();
        var refused = await PatchAsync(admin, tenant, cloudOnly, """{"isCloudManaged":true}""");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only an object synced from on premises can be converted", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/graph/{tenant}/v1.0/groups/{id}/onPremisesSyncBehavior")).StatusCode);
    }
}

/// <summary>
/// The 2026 hard-match hardening through Graph with raw HTTP (the Graph SDK 5.92 model predates the 20th feature):
/// allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled is reversible and an Admin's; an Admin clears the immutable id
/// of a cloud object with an explicit null.
/// </summary>
public class HardMatchHardeningApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();
    private const string Feature = "allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled";

    private async Task<bool> FeatureAsync(string tenant) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}")))["features"]![Feature]!.GetValue<bool>();

    private Task<HttpResponseMessage> SetAsync(HttpClient client, string tenant, bool on) =>
        client.PatchAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}",
            JsonContent.Create(new JsonObject { ["features"] = new JsonObject { [Feature] = on } }));

    [Fact]
    public async Task The_twentieth_feature_is_off_by_default_reversible_and_an_admins()
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10], "2025-06-01T00:00:00Z");
        Assert.False(await FeatureAsync(tenant));
        Assert.Equal(HttpStatusCode.Forbidden, (await SetAsync(factory.AsRole(Roles.Operator), tenant, true)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await SetAsync(admin, tenant, true)).StatusCode);
        Assert.True(await FeatureAsync(tenant));
        Assert.Equal(HttpStatusCode.NoContent, (await SetAsync(admin, tenant, false)).StatusCode);
        Assert.False(await FeatureAsync(tenant));
    }

    [Fact]
    public async Task An_explicit_null_clears_the_immutable_id_of_a_cloud_object_and_a_synced_object_refuses_it()
    {
        var tenant = await Api.CreateTenantAsync(admin, "i" + Guid.NewGuid().ToString("N")[..10]);
        var cloud = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Ann", userPrincipalName = "ann@contoso.com", onPremisesImmutableId = "stale-anchor" })))["id"]!.GetValue<string>();
        var cleared = await admin.PatchAsync($"/graph/{tenant}/v1.0/users/{cloud}", JsonContent.Create(JsonNode.Parse("""{"onPremisesImmutableId":null}""")));
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Null((await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users/{cloud}")))["onPremisesImmutableId"]);

        var synced = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com"))))["results"]![0]!["objectId"]!.GetValue<string>();
        var refused = await admin.PatchAsync($"/graph/{tenant}/v1.0/users/{synced}", JsonContent.Create(JsonNode.Parse("""{"onPremisesImmutableId":null}""")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("a1", (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users/{synced}")))["onPremisesImmutableId"]!.GetValue<string>());
    }
}
