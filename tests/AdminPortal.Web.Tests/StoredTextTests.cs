using AdminPortal.TestSupport;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.Web.Tests;

/// <summary>
/// Text PostgreSQL cannot store (a NUL) or that is longer than its column: refused by the attribute rules with a 400
/// naming the field on both APIs, before any database sees it. Run on both providers.
/// </summary>
public abstract class StoredTextTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PortalFactoryOn
{
    private readonly HttpClient admin = factory.Admin();

    [ProviderTheory]
    [InlineData("displayName", "Joe\u0000")]
    [InlineData("displayName", "257")]
    [InlineData("onPremisesDistinguishedName", "CN=Joe\u0000,DC=contoso")]
    [InlineData("mailNickname", "joe\u0000")]
    [InlineData("sourceAnchor", "a\u0000")]
    public async Task The_sync_api_refuses_text_that_cannot_be_stored(string field, string value)
    {
        var tenant = await Api.CreateTenantAsync(admin, "t" + Guid.NewGuid().ToString("N")[..10]);
        var user = new JsonObject
        {
            ["objectType"] = "user", ["sourceAnchor"] = "a1", ["displayName"] = "Joe", ["userPrincipalName"] = "joe@contoso.com",
            [field] = value == "257" ? new string('x', 257) : value,
        };
        var problem = await Api.ProblemAsync(await admin.PostAsJsonAsync($"/api/tenants/{tenant}/sync/batches",
            new JsonObject { ["mode"] = "delta", ["objects"] = new JsonArray(user) }), 400);
        Assert.Contains($"objects[0].{field}", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [ProviderTheory]
    [InlineData("displayName", "Ann\u0000")]
    [InlineData("mail", "ann\u0000@contoso.com")]
    [InlineData("onPremisesImmutableId", "257")]
    public async Task The_graph_api_refuses_text_that_cannot_be_stored(string field, string value)
    {
        var tenant = await Api.CreateTenantAsync(admin, "t" + Guid.NewGuid().ToString("N")[..10]);
        var user = new JsonObject { ["displayName"] = "Ann", ["userPrincipalName"] = "ann@contoso.com", [field] = value == "257" ? new string('i', 257) : value };
        var response = await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users", user);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 400, $"{(int)response.StatusCode}: {text}");
        Assert.Contains(field, JsonNode.Parse(text)!["error"]!["message"]!.GetValue<string>());
        var search = await admin.GetAsync($"/api/tenants/{tenant}/conflicts?search=%00");
        Assert.Equal(400, (int)search.StatusCode);
    }
}

public sealed class StoredTextOnSqlite(PortalFactory factory) : StoredTextTests<PortalFactory>(factory);

public sealed class StoredTextOnPostgres(PostgresPortalFactory factory) : StoredTextTests<PostgresPortalFactory>(factory);

[SqlServer]
public sealed class StoredTextOnSqlServer(SqlServerPortalFactory factory) : StoredTextTests<SqlServerPortalFactory>(factory);
