using System.Net;
using System.Net.Http.Json;
using System.Text;
using AdminPortal.Data;
using AdminPortal.TestSupport;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// /api and /graph take bearer credentials only (docs/api.md): an Admin's portal cookie authorizes no request there,
/// whatever its content type or origin — so a forged form, multipart or text/plain post from any page (the CSRF a
/// SameSite=Lax cookie does not stop on the same site) changes nothing. Every mapped write endpoint is tried.
/// </summary>
public abstract class CookieOnApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : DevelopmentPortalFactoryOn
{
    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    /// <summary>What a forged request can carry without a script's help (a form's three encodings), and JSON besides.</summary>
    private static IEnumerable<(string Name, Func<HttpContent> Body)> Bodies() =>
    [
        ("form", () => new FormUrlEncodedContent([new("mode", "full")])),
        ("multipart", () => new MultipartFormDataContent { { new StringContent("full"), "mode" } }),
        ("text/plain", () => new StringContent("{\"mode\":\"full\"}", Encoding.UTF8, "text/plain")),
        ("json", () => new StringContent("{}", Encoding.UTF8, "application/json")),
        ("none", () => new ByteArrayContent([])),
    ];

    [ProviderFact]
    public async Task An_admins_cookie_authorizes_no_api_or_graph_write_in_any_content_type()
    {
        var admin = factory.Admin();
        var tenant = await Api.CreateTenantAsync(admin, "c" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Enumerable.Range(0, 502).Select(i => Api.User("a" + i, $"u{i}@contoso.com")).ToArray()));
        var review = (await Api.ProblemAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a0", "u0@contoso.com")), 409))["heldExportId"]!.GetValue<string>();
        var user = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Cloud Ann", userPrincipalName = "ann@contoso.com" })))["id"]!.GetValue<string>();
        var run = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/api/tenants/{tenant}/sync/runs", new { mode = "delta" })))["id"]!.GetValue<string>();
        var before = await Api.VisibleStateAsync(admin, tenant);

        var browser = await factory.SignInAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        var writes = WriteEndpoints().ToList();
        Assert.Contains("POST /api/tenants/{tenantId:guid}/sync/reviews/{reviewId:guid}/allow", writes);
        foreach (var template in writes)
        {
            var method = template[..template.IndexOf(' ')];
            var path = template[(method.Length + 1)..].Replace("{tenantId:guid}", tenant).Replace("{reviewId:guid}", review).Replace("{runId:guid}", run)
                .Replace("{id:guid}", template.Contains("onPremisesSynchronization") ? tenant : user);
            foreach (var (name, body) in Bodies())
            {
                using var forged = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };
                forged.Headers.Add("Origin", "https://attacker.example");
                var response = await browser.SendAsync(forged);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} ({name}) with an Admin's cookie: {(int)response.StatusCode}");
                Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            }
        }
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
        Assert.Equal(("open", 0), ((await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/runs/{run}")))["status"]!.GetValue<string>(),
            (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/runs/{run}")))["pages"]!.GetValue<int>()));

        // The same endpoint with a bearer credential works: what refused the cookie was the credential, not the route.
        Assert.Equal("awaitingReview", (await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{review}")))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{review}/discard", null)).StatusCode);
    }

    [ProviderFact]
    public async Task A_cookie_reads_nothing_under_the_apis_either()
    {
        var browser = await factory.SignInAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync($"/graph/{Guid.NewGuid()}/v1.0/users")).StatusCode);
    }

    /// <summary>Every state-changing endpoint under /api and /graph, as "METHOD /template".</summary>
    private IEnumerable<string> WriteEndpoints() =>
        RouteTable.Of(factory.Services)
            .Where(r => Writes.Contains(r.Method) && (r.Template.StartsWith("/api/") || r.Template.StartsWith("/graph/")) && !r.Template.Contains("**"))
            .Select(r => r.ToString()).Order();
}

public sealed class CookieOnApiOnSqlite(DevelopmentPortalFactory factory) : CookieOnApiTests<DevelopmentPortalFactory>(factory);

public sealed class CookieOnApiOnPostgres(DevelopmentPostgresPortalFactory factory) : CookieOnApiTests<DevelopmentPostgresPortalFactory>(factory);
