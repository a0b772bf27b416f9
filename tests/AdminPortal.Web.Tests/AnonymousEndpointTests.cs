using System.Net;
using System.Net.Http.Headers;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// Endpoints open to anyone stay open for every credential: each answers a caller holding any kind of credential —
/// valid, scoped to a tenant, wrong, malformed, a signed-in browser's cookie — exactly as it answers an anonymous one.
/// </summary>
public class AnonymousEndpointTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    [Fact]
    public async Task A_credential_of_any_kind_never_turns_an_anonymous_answer_into_a_refusal()
    {
        var admin = factory.Admin();
        var tenant = await Api.CreateTenantAsync(admin, "n" + Guid.NewGuid().ToString("N")[..10]);
        using var scope = factory.Services.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<SyncRules.Access.AccessKeyService>();
        var (_, scoped) = await keys.IssueAsync("one tenant's sync client", Roles.SyncClient, Guid.Parse(tenant), "alice", default);
        var (_, reader) = await keys.IssueAsync("reader", Roles.Reader, null, "alice", default);
        var callers = new Dictionary<string, Func<Task<HttpClient>>>
        {
            ["tenant-scoped access key"] = () => Task.FromResult(Bearer(scoped)),
            ["reader access key"] = () => Task.FromResult(Bearer(reader)),
            ["bootstrap key"] = () => Task.FromResult(Bearer(PortalFactory.BootstrapKey)),
            ["wrong key"] = () => Task.FromResult(Bearer("not-the-key-at-all-0000")),
            ["revoked-looking access key"] = () => Task.FromResult(Bearer(SyncRules.Access.AccessKey.SecretPrefix + "nothing")),
            ["malformed JWT"] = () => Task.FromResult(Bearer("a.b.c")),
            ["Basic credentials"] = () => Task.FromResult(WithHeader(new AuthenticationHeaderValue("Basic", "YTpi"))),
            ["admin's cookie"] = () => factory.SignInAsync(Roles.Admin),
        };
        var open = AnonymousPaths().ToList();
        Assert.Contains("/health", open);
        Assert.Contains("/openapi/v1.json", open);
        var anonymous = factory.Browser();
        foreach (var path in open)
        {
            var expected = (await anonymous.GetAsync(path)).StatusCode;
            Assert.NotEqual(HttpStatusCode.Unauthorized, expected);
            foreach (var (name, caller) in callers)
            {
                var status = (await (await caller()).GetAsync(path)).StatusCode;
                Assert.True(status == expected, $"GET {path} with a {name}: {(int)status}, anonymous gets {(int)expected}");
            }
        }
    }

    /// <summary>Every GET endpoint that allows anonymous callers, as a path to request.</summary>
    private IEnumerable<string> AnonymousPaths() =>
        RouteTable.Of(factory.Services)
            .Where(r => r.Method == "GET" && r.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(r => r.Template.Replace("{documentName}", "v1").Replace("{*path:nonfile}", "nowhere").Replace("{**path}", "nowhere"))
            .Where(p => !p.StartsWith("/_"))
            .Distinct();

    private HttpClient Bearer(string token) => WithHeader(new AuthenticationHeaderValue("Bearer", token));

    private HttpClient WithHeader(AuthenticationHeaderValue authorization)
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = authorization;
        return client;
    }
}
