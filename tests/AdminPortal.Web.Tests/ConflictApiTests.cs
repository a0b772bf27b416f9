using AdminPortal.TestSupport;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.Web.Tests;

public abstract class ConflictApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactoryOn
{
    private readonly HttpClient admin = factory.Admin();

    private async Task<string> TenantWithConflictsAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "c" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 10).Select(i => Api.User("a" + i, $"u{i}@contoso.com")).ToArray()));
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 10).Select(i => Api.User("b" + i, $"u{i}@contoso.com")).ToArray()));
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant,
            new { objectType = "group", sourceAnchor = "g1", displayName = "Sales", mailEnabled = true, proxyAddresses = new[] { "SMTP:sales@contoso.com" } },
            Api.User("s1", "sam@contoso.com", "SMTP:sam@contoso.com", "smtp:sales@contoso.com")));
        return tenant;
    }

    [ProviderFact]
    public async Task Conflicts_are_paged_by_cursor_and_each_names_the_object_holding_the_value()
    {
        var tenant = await TenantWithConflictsAsync();
        var seen = new List<JsonNode>();
        string? next = $"/api/tenants/{tenant}/conflicts?top=4";
        while (next is not null)
        {
            var page = await Api.OkJsonAsync(await admin.GetAsync(next));
            seen.AddRange(page["value"]!.AsArray()!);
            next = page["@odata.nextLink"]?.GetValue<string>();
        }
        Assert.Equal(11, seen.Count);
        Assert.Equal(11, seen.Select(c => c!["quarantined"]!["id"]!.GetValue<string>() + c["value"]).Distinct().Count());
        var upn = seen.First(c => c!["value"]!.GetValue<string>() == "u3@contoso.com")!;
        Assert.Equal("User a3", upn["holder"]!["displayName"]!.GetValue<string>());
        Assert.Equal("User b3", upn["quarantined"]!["displayName"]!.GetValue<string>());
        Assert.StartsWith("u3+", upn["placeholder"]!.GetValue<string>());
    }

    [ProviderFact]
    public async Task Conflicts_filter_by_property_type_and_search_and_sort_by_value()
    {
        var tenant = await TenantWithConflictsAsync();
        var proxies = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?property=ProxyAddress"));
        var proxy = proxies["value"]!.AsArray().Single()!;
        Assert.Equal("group", proxy["holder"]!["type"]!.GetValue<string>());
        Assert.Empty((await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?objectType=contact")))["value"]!.AsArray());
        Assert.Single((await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?search=u7@")))["value"]!.AsArray());
        Assert.Equal(11, (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?status=ManualFixRequired")))["value"]!.AsArray().Count);
        Assert.Empty((await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?status=NotStarted")))["value"]!.AsArray());
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, new { objectType = "group", sourceAnchor = "g1", isDeleted = true }));
        var pending = (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?status=PendingSync")))["value"]!.AsArray();
        Assert.Equal("smtp:sales@contoso.com", pending.Single()!["value"]!.GetValue<string>());
        Assert.Equal("pendingSync", pending.Single()!["status"]!.GetValue<string>());
        var byValue = (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?orderBy=value&desc=true&top=3")))["value"]!.AsArray();
        Assert.Equal(["u9@contoso.com", "u8@contoso.com", "u7@contoso.com"], byValue.Select(c => c!["value"]!.GetValue<string>()));
    }

    [ProviderFact]
    public async Task Bad_conflict_queries_are_400_naming_the_parameter()
    {
        var tenant = await TenantWithConflictsAsync();
        foreach (var (query, field) in new[] { ("cursor=garbage", "cursor"), ("property=colour", "property"), ("top=0", "top"), ("orderBy=size", "orderBy") })
        {
            var problem = await Api.ProblemAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?{query}"), 400);
            Assert.Contains(field, problem.ToJsonString());
        }
    }

    [ProviderFact]
    public async Task Match_history_shows_the_rules_tried_the_candidates_and_the_features_in_force()
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var cloud = await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Megan", userPrincipalName = "megan@contoso.onmicrosoft.com", mail = "megan@contoso.com" }));
        var id = cloud["id"]!.GetValue<string>();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("m1", "megan@contoso.com", "SMTP:megan@contoso.com")));
        var history = (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/objects/{id}/match-history")))["value"]!.AsArray();
        var entry = history.Single()!;
        Assert.Equal("matched", entry["outcome"]!.GetValue<string>());
        Assert.Equal("softMatchSmtp", entry["matchedBy"]!.GetValue<string>());
        var steps = entry["steps"]!.AsArray();
        Assert.Equal(["hardMatch", "softMatchSmtp"], steps.Select(s => s!["rule"]!.GetValue<string>()));
        Assert.True(steps[1]!["candidates"]![0]!["taken"]!.GetValue<bool>());
        Assert.Contains("quarantineUponUpnConflictEnabled", entry["featuresInForce"]!.AsArray().Select(f => f!.GetValue<string>()));
        await Api.ProblemAsync(await admin.GetAsync($"/api/tenants/{tenant}/objects/{Guid.NewGuid()}/match-history"), 404);
    }

    [ProviderFact]
    public async Task The_openapi_document_describes_both_apis()
    {
        var doc = await Api.OkJsonAsync(await factory.CreateClient().GetAsync("/openapi/v1.json"));
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/tenants/{tenantId}/sync/batches", paths);
        Assert.Contains("/api/tenants/{tenantId}/conflicts", paths);
        Assert.Contains("/graph/{tenantId}/v1.0/users", paths);
        Assert.Contains("/graph/{tenantId}/v1.0/directory/onPremisesSynchronization/{id}", paths);
        Assert.Contains("/api/tenants/{tenantId}/sync/runs/{runId}/commit", paths);
        var page = doc["paths"]!["/api/tenants/{tenantId}/sync/runs/{runId}/pages"]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!;
        var schema = page["$ref"] is { } reference ? doc["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]]! : page;
        Assert.NotNull(schema["properties"]!["objects"]);
    }
}

public sealed class ConflictApiTestsOnSqlite(PortalFactory factory) : ConflictApiTests<PortalFactory>(factory);

public sealed class ConflictApiTestsOnPostgres(PostgresPortalFactory factory) : ConflictApiTests<PostgresPortalFactory>(factory);

[SqlServer]
public sealed class ConflictApiTestsOnSqlServer(SqlServerPortalFactory factory) : ConflictApiTests<SqlServerPortalFactory>(factory);
