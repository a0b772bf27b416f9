using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace AdminPortal.Web.Tests;

/// <summary>
/// The body limit holds whether or not an endpoint reads its body, and an endpoint that takes none refuses one (the
/// limits of endpoints that read theirs are Kestrel's: ProductionStartTests).
/// </summary>
public class BodyLimitTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private async Task<(string Tenant, string Review)> HeldExportAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "b" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 502).Select(i => Api.User("a" + i, $"u{i}@contoso.com")).ToArray()));
        var review = (await Api.ProblemAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a0", "u0@contoso.com")), 409))["heldExportId"]!.GetValue<string>();
        return (tenant, review);
    }

    private async Task<string> StatusOfAsync(string tenant, string review) =>
        (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{review}")))["status"]!.GetValue<string>();

    [Theory]
    [InlineData("allow")]
    [InlineData("discard")]
    public async Task A_body_over_the_limit_on_an_endpoint_that_reads_none_is_a_413_and_the_export_stays_held(string action)
    {
        var (tenant, review) = await HeldExportAsync();
        var huge = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        huge.Headers.ContentType = new("application/octet-stream");
        await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{review}/{action}", huge), 413);
        Assert.Equal("awaitingReview", await StatusOfAsync(tenant, review));
    }

    [Theory]
    [InlineData("allow", "{}")]
    [InlineData("discard", "x")]
    public async Task Any_body_on_an_endpoint_that_takes_none_is_a_400_and_the_export_stays_held(string action, string body)
    {
        var (tenant, review) = await HeldExportAsync();
        var problem = await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{review}/{action}",
            new StringContent(body, Encoding.UTF8, "application/json")), 400);
        Assert.Contains("takes no request body", problem.ToJsonString());
        Assert.Equal("awaitingReview", await StatusOfAsync(tenant, review));
        await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/fixup", new StringContent(body)), 400);

        // Without a body the same call does what it says.
        Assert.True((await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{review}/{action}", null)).IsSuccessStatusCode);
        Assert.NotEqual("awaitingReview", await StatusOfAsync(tenant, review));
    }

    [Fact]
    public async Task A_graph_delete_with_a_body_is_refused_in_graphs_shape_and_deletes_nothing()
    {
        var tenant = await Api.CreateTenantAsync(admin, "b" + Guid.NewGuid().ToString("N")[..10]);
        var user = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Ann", userPrincipalName = "ann@contoso.com" })))["id"]!.GetValue<string>();
        var response = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/graph/{tenant}/v1.0/users/{user}")
            { Content = new StringContent("{\"really\":true}", Encoding.UTF8, "application/json") });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Request_BadRequest", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/graph/{tenant}/v1.0/users/{user}")).StatusCode);
    }
}
