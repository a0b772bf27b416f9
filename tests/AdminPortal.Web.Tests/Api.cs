using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.Web.Tests;

/// <summary>Small helpers for talking to the API as a script would.</summary>
public static class Api
{
    public static async Task<string> CreateTenantAsync(HttpClient client, string name = "contoso", string created = "2016-09-01T00:00:00Z")
    {
        var response = await client.PostAsJsonAsync("/api/tenants", new
        {
            displayName = name, initialDomain = $"{name}.onmicrosoft.com", createdDateTime = created,
            verifiedDomains = new[] { new { name = $"{name}.com", authenticationType = "Managed" }, new { name = "contoso.com", authenticationType = "Managed" } },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public static object User(string anchor, string upn, params string[] proxies) =>
        new { objectType = "user", sourceAnchor = anchor, displayName = "User " + anchor, userPrincipalName = upn, proxyAddresses = proxies };

    public static Task<HttpResponseMessage> PushAsync(HttpClient client, string tenantId, params object[] objects) =>
        PushAsync(client, tenantId, "delta", objects);

    public static Task<HttpResponseMessage> PushAsync(HttpClient client, string tenantId, string mode, params object[] objects) =>
        client.PostAsJsonAsync($"/api/tenants/{tenantId}/sync/batches", new { mode, objects });

    public static async Task<JsonObject> OkJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Everything a reader sees of the tenant, through both APIs, as one text to compare.</summary>
    public static async Task<string> VisibleStateAsync(HttpClient client, string tenant)
    {
        var parts = new System.Text.StringBuilder();
        foreach (var path in new[]
                 {
                     $"/api/tenants/{tenant}", $"/api/tenants/{tenant}/sync/batches?top=1000", $"/api/tenants/{tenant}/conflicts?top=1000",
                     $"/graph/{tenant}/v1.0/directory/onPremisesSynchronization", $"/graph/{tenant}/v1.0/users?$top=999",
                     $"/graph/{tenant}/v1.0/groups?$top=999", $"/graph/{tenant}/v1.0/contacts?$top=999",
                     $"/graph/{tenant}/v1.0/roleManagement/directory/roleAssignments", $"/api/tenants/{tenant}/sync/reviews",
                 })
            parts.Append(await (await client.GetAsync(path)).Content.ReadAsStringAsync());
        return parts.ToString();
    }

    public static async Task<int> BatchCountAsync(HttpClient client, string tenantId) =>
        (await OkJsonAsync(await client.GetAsync($"/api/tenants/{tenantId}/sync/batches")))["value"]!.AsArray().Count;
}
