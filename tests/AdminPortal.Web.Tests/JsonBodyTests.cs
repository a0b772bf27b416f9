using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdminPortal.Web.Api;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>
/// One JSON reading path for /api and /graph (<see cref="StrictJsonStream"/>): text that is not text and properties
/// named twice, in any case, are a 400 in each surface's own shape; a fault under /graph is Graph's body in every
/// environment.
/// </summary>
public class JsonBodyTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    // A lone high surrogate, a lone low one, the pair reversed, and invalid UTF-8, each as a property name.
    public static TheoryData<string> BadNames => new()
    {
        """{"\ud800":true}""", """{"\udc00":true}""", """{"\udc00\ud800":1}""", "{\"a<FF>\":1}",
    };

    private static ByteArrayContent Body(string json)
    {
        // <FF> stands for the byte 0xFF, which is never valid UTF-8.
        var content = new ByteArrayContent(json.Split("<FF>").Select(Encoding.UTF8.GetBytes).Aggregate((a, b) => [.. a, 0xFF, .. b]));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    private async Task<(string Tenant, string User, string Group)> TenantWithObjectsAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "j" + Guid.NewGuid().ToString("N")[..10]);
        var user = (await Api.OkJsonAsync(await admin.PostAsync($"/graph/{tenant}/v1.0/users",
            Body("""{"displayName":"Ann","userPrincipalName":"ann@contoso.com"}"""))))["id"]!.GetValue<string>();
        var group = (await Api.OkJsonAsync(await admin.PostAsync($"/graph/{tenant}/v1.0/groups",
            Body("""{"displayName":"Team","mailNickname":"team"}"""))))["id"]!.GetValue<string>();
        return (tenant, user, group);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_property_name_that_is_not_text_is_a_graph_400_on_every_graph_write(string body)
    {
        var (tenant, user, group) = await TenantWithObjectsAsync();
        var before = await Api.VisibleStateAsync(admin, tenant);
        var graph = $"/graph/{tenant}/v1.0";
        foreach (var (method, path) in new[]
                 {
                     ("POST", $"{graph}/users"), ("POST", $"{graph}/groups"), ("POST", $"{graph}/contacts"),
                     ("PATCH", $"{graph}/users/{user}"), ("PATCH", $"{graph}/groups/{group}"),
                     ("PATCH", $"{graph}/directory/onPremisesSynchronization/{tenant}"),
                     ("POST", $"{graph}/roleManagement/directory/roleAssignments"), ("POST", $"{graph}/users/{user}/assignLicense"),
                 })
        {
            var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(body) });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path}: {(int)response.StatusCode} {text}");
            var error = JsonNode.Parse(text)!["error"]!;
            Assert.Equal("Request_BadRequest", error["code"]!.GetValue<string>());
            Assert.Contains("not valid text", error["message"]!.GetValue<string>());
        }
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_property_name_that_is_not_text_is_a_problem_400_on_every_api_write(string body)
    {
        var (tenant, _, _) = await TenantWithObjectsAsync();
        var before = await Api.VisibleStateAsync(admin, tenant);
        foreach (var path in new[] { "/api/tenants", $"/api/tenants/{tenant}/sync/batches", $"/api/tenants/{tenant}/sync/features" })
        {
            var problem = await Api.ProblemAsync(await admin.PostAsync(path, Body(body)), 400);
            Assert.Contains("not valid text", problem["errors"]!.ToJsonString());
        }
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
    }

    [Fact]
    public async Task A_value_that_is_not_text_deep_in_a_batch_is_named_by_its_place()
    {
        var tenant = await Api.CreateTenantAsync(admin, "j" + Guid.NewGuid().ToString("N")[..10]);
        var problem = await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/batches", Body(
            """{"mode":"delta","objects":[{"objectType":"user","sourceAnchor":"a1","displayName":"A","userPrincipalName":"a@contoso.com"},""" +
            """{"objectType":"user","sourceAnchor":"a2","displayName":"B","proxyAddresses":["SMTP:b@contoso.com","x\udc00"]}]}""")), 400);
        Assert.Contains("objects[1].proxyAddresses[1]", problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_property_repeated_in_another_case_is_refused_like_an_exact_repeat()
    {
        var tenant = await Api.CreateTenantAsync(admin, "j" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var body in new[]
                 {
                     """{"passwordSyncEnabled":false,"PASSWORDSYNCENABLED":true}""", """{"passwordSyncEnabled":false,"passwordSyncEnabled":true}""",
                 })
        {
            var problem = await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/features", Body(body)), 400);
            Assert.Contains("Duplicate property", problem.ToJsonString());
        }
        var features = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}"));
        Assert.False(features["features"]!["passwordSyncEnabled"]!.GetValue<bool>());

        // Graph binds names ignoring case too: displayName twice is refused, not the last one taken.
        var graph = await admin.PostAsync($"/graph/{tenant}/v1.0/contacts", Body("""{"displayName":"A","DisplayName":"B"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, graph.StatusCode);
        Assert.Contains("Duplicate property", await graph.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_fault_under_graph_is_answered_in_graphs_body_in_production_and_development()
    {
        await using var development = new DevelopmentPortalFactory();
        foreach (var host in new BrokenHost[] { new(factory, "Testing"), new(development, "Development") })
        {
            var client = host.Broken.CreateClient(new() { BaseAddress = PortalFactoryOn.Https });
            client.DefaultRequestHeaders.Authorization = new("Bearer", PortalFactoryOn.BootstrapKey);
            var response = await client.GetAsync($"/graph/{Guid.NewGuid()}/v1.0/users");
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{host.Environment}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var error = JsonNode.Parse(text)!["error"]!;
            Assert.Equal("generalException", error["code"]!.GetValue<string>());
            Assert.DoesNotContain("broken on purpose", text);
        }
    }

    /// <summary>A host whose directory reads fail with an exception no refusal maps: the 500 path.</summary>
    private sealed class BrokenHost(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string environment)
    {
        public string Environment { get; } = environment;
        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Broken { get; } = factory.WithWebHostBuilder(b =>
            b.ConfigureTestServices(s => s.AddScoped<AdminPortal.Data.Queries.DirectoryQueries>(_ => throw new InvalidOperationException("broken on purpose"))));
    }
}

/// <summary>The checking stream on its own: bodies cut anywhere still checked, good bodies passed through byte for byte.</summary>
public class StrictJsonStreamTests
{
    /// <summary>Hands out one byte per read, so every token is split across reads.</summary>
    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], ct);
    }

    private static async Task<JsonNode?> ParseAsync(string json) =>
        await JsonNode.ParseAsync(new StrictJsonStream(new Trickle(Encoding.UTF8.GetBytes(json))));

    [Fact]
    public async Task A_good_body_cut_into_single_bytes_parses_as_it_would_unchecked()
    {
        const string json = """{"mode":"delta","objects":[{"a":"é😀\u00e9","b":[1,2,{"c":null}]},{"a":"x"}],"A2":"\"quoted\""}""";
        Assert.Equal(JsonNode.Parse(json)!.ToJsonString(), (await ParseAsync(json))!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"objects":[{"a":1},{"b":"\ud800x"}]}""", "$.objects[1].b", "not valid text")]
    [InlineData("""{"objects":[{"a":1,"A":2}]}""", "$.objects[0]", "Duplicate property 'A'")]
    [InlineData("""{"x":{"\udfff":1}}""", "$.x", "property name is not valid text")]
    [InlineData("""[{"k":"v"},{"k":"v","K":"w"}]""", "$[1]", "Duplicate property 'K'")]
    public async Task A_failed_check_names_its_place_even_when_split_across_reads(string json, string path, string message)
    {
        var e = await Assert.ThrowsAnyAsync<JsonException>(() => ParseAsync(json));
        Assert.Equal(path, e.Path);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task The_same_name_in_two_objects_is_no_repeat()
    {
        Assert.NotNull(await ParseAsync("""{"a":{"id":1},"b":{"id":2},"c":[{"id":3},{"id":4}]}"""));
    }

    [Fact]
    public async Task Malformed_json_is_left_to_the_parser_to_name()
    {
        var e = await Assert.ThrowsAnyAsync<JsonException>(() => ParseAsync("""{"a":1,}"""));
        Assert.Contains("LineNumber", e.Message);
    }
}
