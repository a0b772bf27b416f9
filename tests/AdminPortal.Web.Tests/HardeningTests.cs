using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>The APIs' answers to input that once was taken the wrong way or crashed: a 4xx that names the problem, nothing stored.</summary>
public class HardeningTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> GraphErrorAsync(HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["error"]!.AsObject();
    }

    [Theory]
    [InlineData("delta,full")]
    [InlineData("Full, Delta")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData(" delta")]
    public async Task A_batch_mode_that_is_not_one_documented_name_is_refused_and_nothing_is_deleted(string mode)
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com")));
        var problem = await Api.ProblemAsync(await Api.PushAsync(admin, tenant, mode), 400);
        Assert.Contains("delta, full", problem["errors"]!["mode"]![0]!.GetValue<string>());
        Assert.Equal(1, await Api.BatchCountAsync(admin, tenant));
        Assert.Single((await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users")))["value"]!.AsArray());
    }

    [Fact]
    public async Task An_object_type_list_and_a_repeated_json_key_are_refused_naming_the_field()
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var list = await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/batches", Json(
            """{"mode":"delta","objects":[{"objectType":"user,group","sourceAnchor":"g1","displayName":"G"}]}""")), 400);
        Assert.Contains("objects[0].objectType", list["errors"]!.AsObject().Select(e => e.Key));
        var repeated = await Api.ProblemAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/batches", Json(
            """{"mode":"delta","mode":"full","objects":[]}""")), 400);
        Assert.Contains("Duplicate", repeated.ToJsonString());
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Theory]
    [InlineData("enabledForCount,enabledForPercentage")]
    [InlineData("3")]
    [InlineData(" disabled")]
    public async Task A_deletion_guard_type_that_is_not_one_documented_name_is_refused_and_the_guard_stays(string type)
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var error = await GraphErrorAsync(await admin.PatchAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}", Json(
            "{\"configuration\":{\"accidentalDeletionPrevention\":{\"synchronizationPreventionType\":\"" + type + "\",\"alertThreshold\":5}}}")), 400);
        Assert.Contains("synchronizationPreventionType", error["message"]!.GetValue<string>());
        Assert.Contains("enabledForCount", error["message"]!.GetValue<string>());
        var guard = (await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}")))
            ["configuration"]!["accidentalDeletionPrevention"]!;
        Assert.Equal("enabledForCount", guard["synchronizationPreventionType"]!.GetValue<string>());
        Assert.Equal(500, guard["alertThreshold"]!.GetValue<int>());
    }

    public static TheoryData<string, byte[]> UnreadableGraphBodies() => new()
    {
        { "lone surrogate", Encoding.UTF8.GetBytes("""{"displayName":"\ud800","userPrincipalName":"s@contoso.com"}""") },
        { "duplicate key", Encoding.UTF8.GetBytes("""{"displayName":"A","displayName":"B","userPrincipalName":"d@contoso.com"}""") },
        { "invalid UTF-8", [.. Encoding.UTF8.GetBytes("{\"displayName\":\""), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\",\"userPrincipalName\":\"u@contoso.com\"}")] },
        { "NUL", Encoding.UTF8.GetBytes("""{"displayName":"A\u0000","userPrincipalName":"n@contoso.com"}""") },
        { "deep nesting", Encoding.UTF8.GetBytes("""{"displayName":""" + new string('[', 5000) + new string(']', 5000) + "}") },
    };

    [Theory]
    [MemberData(nameof(UnreadableGraphBodies))]
    public async Task A_graph_body_that_cannot_be_read_as_text_is_a_400_in_graphs_error_body(string what, byte[] body)
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        var error = await GraphErrorAsync(await admin.PostAsync($"/graph/{tenant}/v1.0/users", content), 400);
        Assert.False(string.IsNullOrEmpty(error["message"]?.GetValue<string>()), what);
        Assert.Empty((await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users")))["value"]!.AsArray());
    }

    [Theory]
    [InlineData("users/nope")]
    [InlineData("applications")]
    [InlineData("users/not-a-guid/manager")]
    public async Task An_unknown_graph_route_is_a_404_in_graphs_error_body(string path)
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var error = await GraphErrorAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/{path}"), 404);
        Assert.Equal("Request_ResourceNotFound", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_method_and_a_refused_token_under_graph_answer_in_graphs_error_body()
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        // A method no route takes falls to the /graph fallback: Graph's not-found body.
        var wrongMethod = await GraphErrorAsync(await admin.PutAsync($"/graph/{tenant}/v1.0/users", Json("{}")), 404);
        Assert.Equal("Request_ResourceNotFound", wrongMethod["code"]!.GetValue<string>());
        var anonymous = await GraphErrorAsync(await factory.WithToken(null).GetAsync($"/graph/{tenant}/v1.0/users"), 401);
        Assert.Equal("InvalidAuthenticationToken", anonymous["code"]!.GetValue<string>());
        var syncClient = await GraphErrorAsync(await factory.AsRole(Roles.SyncClient).GetAsync($"/graph/{tenant}/v1.0/users"), 403);
        Assert.Equal("Authorization_RequestDenied", syncClient["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("$orderby=displayName")]
    [InlineData("$skip=10")]
    [InlineData("$count=true")]
    [InlineData("$search=\"displayName:joe\"")]
    [InlineData("$expand=memberOf")]
    public async Task A_graph_query_option_that_is_not_implemented_is_refused_not_ignored(string option)
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var error = await GraphErrorAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users?{option}"), 400);
        Assert.Equal("Request_UnsupportedQuery", error["code"]!.GetValue<string>());
        Assert.Contains(option[..option.IndexOf('=')], error["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Control_characters_in_a_query_value_are_refused_on_both_apis()
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        var problem = await Api.ProblemAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?search=a%00b"), 400);
        Assert.Contains("search", problem["errors"]!.AsObject().Select(e => e.Key));
        await GraphErrorAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users?$filter=startswith(displayName,'a%00')"), 400);
        var tooLong = await Api.ProblemAsync(await admin.GetAsync($"/api/tenants/{tenant}/conflicts?search={new string('x', 300)}"), 400);
        Assert.Contains("search", tooLong.ToJsonString());
    }

    [Fact]
    public async Task A_graph_write_is_held_to_the_sync_apis_attribute_rules()
    {
        var tenant = await Api.CreateTenantAsync(admin, "h" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var (field, body) in new (string, object)[]
        {
            ("displayName", new { displayName = new string('x', 300_000), userPrincipalName = "a@contoso.com" }),
            ("displayName", new { displayName = "bell\u0007", userPrincipalName = "b@contoso.com" }),
            ("mailNickname", new { displayName = "C", userPrincipalName = "c@contoso.com", mailNickname = new string('n', 100_000) }),
            ("onPremisesImmutableId", new { displayName = "D", userPrincipalName = "d@contoso.com", onPremisesImmutableId = new string('i', 5000) }),
        })
        {
            var error = await GraphErrorAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users", body), 400);
            Assert.Contains(field, error["message"]!.GetValue<string>());
        }
        Assert.Empty((await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/users")))["value"]!.AsArray());
    }
}

/// <summary>The browser-facing answers: where sign-in may redirect, a replayed form, a cross-site sign-out.</summary>
public class BrowserHardeningTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r\n/evil.example")]
    [InlineData("/\v/evil.example")]
    [InlineData("/\f/evil.example")]
    [InlineData("/\u3000/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Sign_in_sends_the_admin_only_to_a_local_path(string returnUrl)
    {
        var browser = factory.Browser();
        var challenge = await browser.GetAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal("/signin/dev?returnUrl=%2F", challenge.Headers.Location!.OriginalString);

        var form = await Forms.GetPageAsync(browser, "/signin/dev?returnUrl=/");
        var signedIn = await Forms.SubmitAsync(browser, form, "form", "/signin/dev", ("name", "alice"), ("role", Roles.Reader), ("returnUrl", returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_local_return_path_is_kept()
    {
        var browser = factory.Browser();
        var form = await Forms.GetPageAsync(browser, "/signin/dev?returnUrl=/access-keys");
        var signedIn = await Forms.SubmitAsync(browser, form, "form", "/signin/dev", ("name", "alice"), ("role", Roles.Admin));
        Assert.Equal("/access-keys", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_refuses_a_cross_site_post_without_its_antiforgery_token()
    {
        var browser = await factory.SignInAsync(Roles.Reader);
        var forged = await browser.PostAsync("/signout", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var page = await Forms.GetPageAsync(browser, "/");
        var real = await Forms.SubmitAsync(browser, page, "form[action='/signout']", "/signout");
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }
}
