using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Data;

namespace AdminPortal.Web.Tests;

public class SyncApiTests : IClassFixture<PortalFactory>
{
    private readonly PortalFactory factory;
    private readonly HttpClient admin;

    public SyncApiTests(PortalFactory factory)
    {
        this.factory = factory;
        admin = factory.Admin();
    }

    private Task<string> NewTenantAsync() => Api.CreateTenantAsync(admin, "t" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task A_contact_with_the_address_of_a_synced_user_is_provisioned_with_the_address_quarantined()
    {
        var tenant = await Api.CreateTenantAsync(admin, "x" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("u1", "joe@contoso.com", "SMTP:joe@contoso.com")));
        var contact = new { objectType = "contact", sourceAnchor = "c1", displayName = "Joe elsewhere", mail = "joe@contoso.com", proxyAddresses = new[] { "SMTP:joe@contoso.com" } };
        var result = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, contact)))["results"]![0]!;
        Assert.Equal("created", result["outcome"]!.GetValue<string>());
        Assert.Empty(result["errors"]!.AsArray());
        Assert.Equal("SMTP:joe@contoso.com", result["quarantined"]![0]!["value"]!.GetValue<string>(), ignoreCase: true);
    }

    [Fact]
    public async Task A_batch_creates_objects_and_reports_each_outcome_with_counts()
    {
        var tenant = await NewTenantAsync();
        var body = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant,
            Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"),
            new { objectType = "group", sourceAnchor = "g1", displayName = "Sales", mailEnabled = true, proxyAddresses = new[] { "SMTP:sales@contoso.com" } },
            new { objectType = "contact", sourceAnchor = "c1", displayName = "Partner", proxyAddresses = new[] { "SMTP:partner@fabrikam.net" } }));
        Assert.NotNull(body["batchId"]);
        Assert.Equal(3, body["counts"]!["created"]!.GetValue<int>());
        var first = body["results"]![0]!;
        Assert.Equal("created", first["outcome"]!.GetValue<string>());
        Assert.Equal("a1", first["sourceAnchor"]!.GetValue<string>());
        Assert.NotNull(first["objectId"]);
    }

    [Fact]
    public async Task A_second_user_with_the_same_upn_is_quarantined_and_fixup_restores_it_once_released()
    {
        var tenant = await NewTenantAsync();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com")));
        var second = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a2", "joe@contoso.com"))))["results"]![0]!;
        Assert.Equal("created", second["outcome"]!.GetValue<string>());
        var quarantined = second["quarantined"]![0]!;
        Assert.Equal("UserPrincipalName", quarantined["propertyCausingError"]!.GetValue<string>());
        Assert.Equal("joe@contoso.com", quarantined["value"]!.GetValue<string>());
        Assert.Matches(@"^joe\+\d{4}@t[0-9a-f]{10}\.onmicrosoft\.com$", quarantined["placeholder"]!.GetValue<string>());

        var nothing = await Api.OkJsonAsync(await admin.PostAsync($"/api/tenants/{tenant}/fixup", null));
        Assert.Empty(nothing["released"]!.AsArray());
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe.smith@contoso.com")));
        var fixup = await Api.OkJsonAsync(await admin.PostAsync($"/api/tenants/{tenant}/fixup", null));
        var released = fixup["released"]![0]!;
        Assert.Equal(second["objectId"]!.GetValue<string>(), released["objectId"]!.GetValue<string>());
        Assert.Equal("joe@contoso.com", released["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_same_batch_twice_is_unchanged_the_second_time()
    {
        var tenant = await NewTenantAsync();
        object[] batch = [Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"), Api.User("a2", "ann@contoso.com")];
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, batch));
        var again = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, batch));
        Assert.Equal(2, again["counts"]!["unchanged"]!.GetValue<int>());
    }

    [Fact]
    public async Task Past_batches_are_listed_newest_first_with_their_results()
    {
        var tenant = await NewTenantAsync();
        await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com"));
        var second = await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a2", "ann@contoso.com"), Api.User("a3", "bo@contoso.com")));
        var list = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/batches?top=1"));
        Assert.Equal(second["batchId"]!.GetValue<string>(), list["value"]![0]!["id"]!.GetValue<string>());
        Assert.NotNull(list["@odata.nextLink"]);
        var detail = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/batches/{second["batchId"]}?top=1"));
        Assert.Equal("a2", detail["results"]![0]!["sourceAnchor"]!.GetValue<string>());
        var next = await Api.OkJsonAsync(await admin.GetAsync(detail["@odata.nextLink"]!.GetValue<string>()));
        Assert.Equal("a3", next["results"]![0]!["sourceAnchor"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_full_sync_over_the_deletion_threshold_is_refused_with_409_and_applies_nothing()
    {
        var tenant = await NewTenantAsync();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 502).Select(i => Api.User("a" + i, $"u{i}@contoso.com")).ToArray()));
        var before = await Api.BatchCountAsync(admin, tenant);
        var problem = await Api.ProblemAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a0", "u0@contoso.com")), 409);
        Assert.Contains("501", problem["title"]!.GetValue<string>());
        Assert.Equal(before, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_refused_export_is_kept_for_review_its_deletions_are_listed_and_an_admin_allows_it_once_or_discards_it()
    {
        var tenant = await NewTenantAsync();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 502).Select(i => Api.User("a" + i, $"u{i}@contoso.com")).ToArray()));
        var problem = await Api.ProblemAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a0", "u0@contoso.com")), 409);
        var held = problem["heldExportId"]!.GetValue<string>();
        Assert.Contains("kept for review", problem["title"]!.GetValue<string>());

        var listed = (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews")))["value"]!.AsArray().Single()!;
        Assert.Equal((held, "awaitingReview", 501), (listed["id"]!.GetValue<string>(), listed["status"]!.GetValue<string>(), listed["deletes"]!.GetValue<int>()));
        var deletions = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{held}/deletions"));
        Assert.Equal(100, deletions["value"]!.AsArray().Count);
        var next = await Api.OkJsonAsync(await admin.GetAsync(deletions["@odata.nextLink"]!.GetValue<string>()));
        Assert.Equal(100, next["value"]!.AsArray().Count);
        var one = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{held}/deletions?search=a499"));
        Assert.Equal("a499", one["value"]!.AsArray().Single()!["sourceAnchor"]!.GetValue<string>());
        await Api.ProblemAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{Guid.NewGuid()}/deletions"), 404);

        var applied = await Api.OkJsonAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{held}/allow", null));
        Assert.Equal(501, applied["counts"]!["deleted"]!.GetValue<int>());
        var again = await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{held}/allow", null), 409);
        Assert.Contains("already allowed", again["title"]!.GetValue<string>());

        // Held again (allowed once, not for good), then discarded: nothing changes.
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 600).Select(i => Api.User("b" + i, $"b{i}@contoso.com")).ToArray()));
        var second = (await Api.ProblemAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a0", "u0@contoso.com")), 409))["heldExportId"]!.GetValue<string>();
        var users = await admin.GetStringAsync($"/graph/{tenant}/v1.0/users?$top=999");
        var batches = await Api.BatchCountAsync(admin, tenant);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{second}/discard", null)).StatusCode);
        var discarded = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{second}"));
        Assert.Equal("discarded", discarded["status"]!.GetValue<string>());
        Assert.Equal(users, await admin.GetStringAsync($"/graph/{tenant}/v1.0/users?$top=999"));
        Assert.Equal(batches, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task An_unknown_tenant_is_404()
    {
        await Api.ProblemAsync(await Api.PushAsync(admin, Guid.NewGuid().ToString(), Api.User("a1", "joe@contoso.com")), 404);
    }

    public static TheoryData<string, string, string> BadBatches()
    {
        var longName = new string('x', 10_000);
        var manyProxies = string.Join(",", Enumerable.Range(0, 100_000).Select(i => $"\"smtp:u{i}@contoso.com\""));
        const string ok = """{"objectType":"user","sourceAnchor":"ok1","displayName":"Fine","userPrincipalName":"fine@contoso.com"}""";
        return new()
        {
            { "malformed JSON", """{"mode":"delta","objects":[{"objectType":"user",""", "objects[0]" },
            { "missing sourceAnchor", $$"""{"mode":"delta","objects":[{{ok}},{"objectType":"user","displayName":"No anchor","userPrincipalName":"x@contoso.com"}]}""", "objects[1].sourceAnchor" },
            { "invalid UPN", $$"""{"mode":"delta","objects":[{{ok}},{"objectType":"user","sourceAnchor":"b","displayName":"B","userPrincipalName":"not a upn"}]}""", "objects[1].userPrincipalName" },
            { "same sourceAnchor twice", $$"""{"mode":"delta","objects":[{{ok}},{{ok.Replace("fine@", "other@")}}]}""", "objects[1].sourceAnchor" },
            { "10,000-character attribute", $$"""{"mode":"delta","objects":[{{ok}},{"objectType":"user","sourceAnchor":"b","displayName":"{{longName}}","userPrincipalName":"b@contoso.com"}]}""", "objects[1].displayName" },
            { "100,000 proxy addresses", $$"""{"mode":"delta","objects":[{{ok}},{"objectType":"user","sourceAnchor":"b","displayName":"B","userPrincipalName":"b@contoso.com","proxyAddresses":[{{manyProxies}}]}]}""", "objects[1].proxyAddresses" },
            { "wrong type", $$"""{"mode":"delta","objects":[{{ok}},{"objectType":"user","sourceAnchor":"b","displayName":42}]}""", "objects[1].displayName" },
            { "unknown property", $$"""{"mode":"delta","objects":[{{ok}},{"objectType":"user","sourceAnchor":"b","displayName":"B","userPrincipalName":"b@contoso.com","colour":"red"}]}""", "objects[1].colour" },
            { "missing mode", $$"""{"objects":[{{ok}}]}""", "mode" },
        };
    }

    [Theory]
    [MemberData(nameof(BadBatches))]
    public async Task Bad_input_is_a_400_that_names_the_object_and_field_and_stores_nothing(string what, string json, string field)
    {
        var tenant = await NewTenantAsync();
        var response = await admin.PostAsync($"/api/tenants/{tenant}/sync/batches", new StringContent(json, Encoding.UTF8, "application/json"));
        var problem = await Api.ProblemAsync(response, 400);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"{what}: expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(errors[field]![0]!.GetValue<string>()));
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_tenant_with_bad_fields_is_refused_naming_each_and_a_duplicate_is_409()
    {
        var problem = await Api.ProblemAsync(await admin.PostAsJsonAsync("/api/tenants", new
        {
            displayName = "", initialDomain = "contoso.com", verifiedDomains = new[] { new { name = "x", authenticationType = "Magic" } },
        }), 400);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("displayName") && errors.ContainsKey("initialDomain") && errors.ContainsKey("verifiedDomains[0].name")
            && errors.ContainsKey("verifiedDomains[0].authenticationType"), errors.ToJsonString());
        var name = "dup" + Guid.NewGuid().ToString("N")[..8];
        await Api.CreateTenantAsync(admin, name);
        await Api.ProblemAsync(await admin.PostAsJsonAsync("/api/tenants", new { displayName = "Again", initialDomain = $"{name}.onmicrosoft.com" }), 409);
    }

    [Fact]
    public async Task A_new_tenant_takes_its_feature_defaults_from_its_creation_date()
    {
        var tenant = await Api.CreateTenantAsync(admin, "old" + Guid.NewGuid().ToString("N")[..8], "2015-01-01T00:00:00Z");
        var body = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}"));
        Assert.False(body["features"]!["quarantineUponUpnConflictEnabled"]!.GetValue<bool>());
        Assert.Equal(3, body["verifiedDomains"]!.AsArray().Count);
    }
}

public class SyncApiOnPostgres(PostgresPortalFactory factory) : IClassFixture<PostgresPortalFactory>
{
    [Fact]
    public async Task The_quarantine_and_fixup_scenario_holds_on_postgres_too()
    {
        var admin = factory.Admin();
        var tenant = await Api.CreateTenantAsync(admin, "pg" + Guid.NewGuid().ToString("N")[..8]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com")));
        var second = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a2", "joe@contoso.com"))))["results"]![0]!;
        Assert.Single(second["quarantined"]!.AsArray());
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe2@contoso.com")));
        var fixup = await Api.OkJsonAsync(await admin.PostAsync($"/api/tenants/{tenant}/fixup", null));
        Assert.Single(fixup["released"]!.AsArray());
    }
}

