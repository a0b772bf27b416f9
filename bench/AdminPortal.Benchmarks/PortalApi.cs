using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Benchmarks;

/// <summary>The portal's sync API as a sync client calls it over HTTP, with the development bootstrap key (Admin).</summary>
public static class PortalApi
{
    public const string BootstrapKey = "development-bootstrap-key-not-for-production";
    public const int PageObjects = 5_000;

    /// <summary>A client of the portal at <paramref name="url"/> with the bootstrap key.</summary>
    public static HttpClient Client(Uri url)
    {
        var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromHours(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", BootstrapKey);
        return http;
    }

    /// <summary>A new tenant with contoso.com (managed) and fabrikam.com (federated) verified; its id.</summary>
    public static async Task<string> CreateTenantAsync(HttpClient http, string name) => (await OkAsync(await http.PostAsJsonAsync("/api/tenants", new
    {
        displayName = name, initialDomain = $"{name.ToLowerInvariant()}.onmicrosoft.com", createdDateTime = DateTimeOffset.UtcNow,
        verifiedDomains = new[] { new { name = "contoso.com", authenticationType = "Managed" }, new { name = "fabrikam.com", authenticationType = "Federated" } },
    })))["id"]!.GetValue<string>();

    /// <summary>
    /// The export as one full sync run in pages of 5,000, committed; the commit's answer. As a sync client does (the agent
    /// reads its next page while it sends one), the next page is made and written as JSON while the portal takes the one
    /// before; the pages go one after the other, in order.
    /// </summary>
    public static async Task<JsonObject> SendFullRunAsync(HttpClient http, string tenant, IEnumerable<IncomingObject> objects)
    {
        var run = (await OkAsync(await http.PostAsJsonAsync($"/api/tenants/{tenant}/sync/runs", new { mode = "full" })))["id"]!.GetValue<string>();
        await foreach (var body in PagesAhead.OfAsync(objects, PageObjects, page => JsonSerializer.SerializeToUtf8Bytes(new { objects = page }, Json)))
            await OkAsync(await http.PostAsync($"/api/tenants/{tenant}/sync/runs/{run}/pages", new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } }));
        return await OkAsync(await http.PostAsync($"/api/tenants/{tenant}/sync/runs/{run}/commit", null));
    }

    /// <summary>What PostAsJsonAsync writes: the web defaults.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}
