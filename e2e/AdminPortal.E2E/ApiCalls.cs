using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.E2E;

/// <summary>The API as the end-to-end tests call a <see cref="RunningPortal"/>: with the development bootstrap key, in JSON.</summary>
internal static class ApiCalls
{
    public static HttpClient Client()
    {
        var client = new HttpClient { Timeout = TimeSpan.FromMinutes(3) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", "development-bootstrap-key-not-for-production");
        return client;
    }

    /// <summary>A new tenant with contoso.com verified (managed); its id.</summary>
    public static async Task<string> TenantAsync(HttpClient api, string baseUrl, string name)
    {
        var created = await api.PostAsJsonAsync($"{baseUrl}/api/tenants", new
        {
            displayName = name, initialDomain = $"{name.ToLowerInvariant()}.onmicrosoft.com", createdDateTime = "2024-01-01T00:00:00Z",
            verifiedDomains = new[] { new { name = "contoso.com", authenticationType = "Managed" } },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> JsonAsync(HttpClient api, string url)
    {
        var response = await api.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
