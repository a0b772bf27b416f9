using AdminPortal.TestSupport;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AdminPortal.Web.Tests;

/// <summary>
/// Generated hostile requests to every endpoint a script can reach (the sync API, the Graph API, the CSV, health and
/// the OpenAPI document), in Production on Kestrel over TLS: wrong types, nulls, huge and control-character strings,
/// lone surrogates and invalid UTF-8 in values and in property names, names repeated in another case, injection-looking
/// filters and searches, invalid ids, deep nesting, bodies where none is taken. Every answer is below 500, carries the
/// security headers and no stack trace, and after every refusal the tenant looks exactly as before. The seed is
/// printed, so a failure can be replayed.
/// </summary>
public abstract class HostileRequestFuzz<TFactory>(TFactory factory, ITestOutputHelper output) : IClassFixture<TFactory> where TFactory : TlsPortalFactoryOn
{
    private const int Requests = 2000;
    private readonly HttpClient admin = factory.Admin();

    private static readonly string[] HostileStrings =
    [
        "", " ", "\t", "null", "NaN", "0", "-1", "1e309", "9999999999999999999999", "true",
        "\u0000", "a\u0000b", "\u0007bell", "line\r\nbreak", "\u001b[31mred", "\u007f", "\u0085",
        "\ud800", "x\udc00y", "\ud83d", "\udc00\ud800", "\uffff", "\ufeffbom", "\u202eevil", "😀", "ü@contoso.com",
        "'; DROP TABLE \"DirectoryObjects\"; --", "' or 1=1 --", "\" or \"\"=\"", "%00", "%27", "../../etc/passwd", "<script>alert(1)</script>",
        "joe@contoso.com", "SMTP:joe@contoso.com", "smtp:", "X500:", ":", "@", "a@b", "user,group", "delta,full", "Full, Delta",
        "enabledForCount,enabledForPercentage", "00000000-0000-0000-0000-000000000000", "not-a-guid", "{", "[]",
        new string('x', 257), new string('y', 5000), new string('z', 70_000),
    ];

    private static readonly string[] SyncFields =
        ["objectType", "sourceAnchor", "displayName", "userPrincipalName", "mailNickname", "mail", "proxyAddresses", "onPremisesDistinguishedName", "mailEnabled", "isDeleted", "colour"];

    private static readonly string[] GraphFields =
        ["displayName", "userPrincipalName", "mail", "mailNickname", "proxyAddresses", "onPremisesImmutableId", "mailEnabled", "accountEnabled", "@odata.type", "id"];

    private static readonly string[] ReportFields =
        ["synchronizationClientVersion", "synchronizationInterval", "anchorAttribute", "applicationId", "currentExportData", "customerRequestedSynchronizationInterval"];

    private static readonly string[] FeatureNames =
        ["softMatchOnUpnEnabled", "blockSoftMatchEnabled", "passwordSyncEnabled", "quarantineUponUpnConflictEnabled", "PASSWORDSYNCENABLED"];

    /// <summary>The ids a request may name: the tenant's real ones, found once at the start.</summary>
    private sealed record Known(string Tenant, string User, string Group, string Review, string Batch, string Run);

    [ProviderFact]
    public async Task Hostile_requests_get_a_4xx_naming_the_problem_never_a_5xx_always_the_headers_and_change_nothing()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var known = await SetUpAsync();
        var targets = Targets(known);
        Assert.Equal(Reachable().Order(), targets.Keys.Order());

        var state = await Api.VisibleStateAsync(admin, known.Tenant);
        var refused = 0;
        var keys = targets.Keys.ToList();
        for (var i = 0; i < Requests; i++)
        {
            var target = keys[random.Next(keys.Count)];
            using var request = targets[target](random);
            var description = $"#{i} {target}: {request.Method} {Shorten(request.RequestUri!.OriginalString)}";
            using var response = await admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"seed {seed} {description}: {(int)response.StatusCode} {Shorten(body)}");
            SecurityHeaderTests.AssertSecured(response, $"seed {seed} {description}");
            Assert.DoesNotContain("   at ", body);
            Assert.DoesNotContain("Exception", body);
            // A full export over the deletion guard is refused and, as documented, kept for review: an intended change.
            if (response.IsSuccessStatusCode || body.Contains("\"heldExportId\"")) { state = await Api.VisibleStateAsync(admin, known.Tenant); continue; }
            refused++;
            var after = await Api.VisibleStateAsync(admin, known.Tenant);
            Assert.True(after == state, $"seed {seed} {description} was refused ({(int)response.StatusCode}) but changed the tenant");
        }
        output.WriteLine($"{Requests} requests, {refused} refused");
        Assert.True(refused > Requests / 2, $"only {refused} of {Requests} were refused: the generator has lost its teeth");
    }

    /// <summary>A tenant with synced objects, a quarantined UPN, a cloud user and group, and an export held for review.</summary>
    private async Task<Known> SetUpAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "f" + Guid.NewGuid().ToString("N")[..10]);
        var batch = (await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"),
            Api.User("a2", "joe@contoso.com", "SMTP:joe@contoso.com"), Api.User("a3", "ann@contoso.com"))))["batchId"]!.GetValue<string>();
        var user = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Cloud Ann", userPrincipalName = "cloud.ann@contoso.com" })))["id"]!.GetValue<string>();
        var group = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/groups",
            new { displayName = "Team", mailNickname = "team" })))["id"]!.GetValue<string>();
        Assert.True((await admin.PatchAsJsonAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}", new
        {
            configuration = new { accidentalDeletionPrevention = new { synchronizationPreventionType = "enabledForCount", alertThreshold = 1 } },
        })).IsSuccessStatusCode);
        var review = (await Api.ProblemAsync(await Api.PushAsync(admin, tenant, "full", Api.User("a1", "joe@contoso.com")), 409))["heldExportId"]!.GetValue<string>();
        var run = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/api/tenants/{tenant}/sync/runs", new { mode = "full" })))["id"]!.GetValue<string>();
        await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/api/tenants/{tenant}/sync/runs/{run}/pages", new { objects = new[] { Api.User("a1", "joe@contoso.com") } }));
        return new Known(tenant, user, group, review, batch, run);
    }

    /// <summary>Every endpoint a script reaches (all but the pages, the live connection and the browser's sign-in), as "METHOD /template".</summary>
    private IEnumerable<string> Reachable() =>
        RouteTable.Of(factory.Services)
            .Where(r => r.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is null)
            .Select(r => r.ToString())
            .Where(e => !e.Contains(" /_") && !e.Contains(" /signin") && !e.Contains(" /signout") && !e.Contains(" /signed-out"))
            .Distinct();

    /// <summary>A generator of hostile requests for each reachable endpoint.</summary>
    private static Dictionary<string, Func<Random, HttpRequestMessage>> Targets(Known k)
    {
        var api = "/api/tenants/{tenantId:guid}";
        var graph = "/graph/{tenantId:guid}/v1.0";
        var beta = "/graph/{tenantId:guid}/beta";
        string T(Random r) => Id(r, k.Tenant);
        var targets = new Dictionary<string, Func<Random, HttpRequestMessage>>
        {
            ["POST /api/tenants"] = r => Send("POST", "/api/tenants", Body(r, ["displayName", "initialDomain", "createdDateTime", "verifiedDomains", "colour"])),
            ["GET /api/tenants"] = r => Send("GET", "/api/tenants?" + Query(r, ["top"]), NoBody(r)),
            [$"GET {api}"] = r => Send("GET", $"/api/tenants/{T(r)}", NoBody(r)),
            [$"POST {api}/sync/batches"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/batches" + (r.Next(3) == 0 ? $"?dryRun={Uri.EscapeDataString(Pick(r, ["true", "false", Short(r)]))}" : ""),
                r.Next(4) == 0 ? RawBody(r) : SyncBody(r)),
            [$"GET {api}/sync/batches"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/batches?" + Query(r, ["top", "skip"]), NoBody(r)),
            [$"GET {api}/sync/batches/{{batchId:guid}}"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/batches/{Id(r, k.Batch)}?" + Query(r, ["top", "skip"]), NoBody(r)),
            [$"POST {api}/sync/runs"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/runs", r.Next(4) == 0 ? RawBody(r) : Body(r, SyncFields)),
            [$"GET {api}/sync/runs"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/runs", NoBody(r)),
            [$"GET {api}/sync/runs/{{runId:guid}}"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/runs/{Id(r, k.Run)}", NoBody(r)),
            // Abandoning or committing the open run would end it: only requests carrying something hostile may reach it.
            [$"DELETE {api}/sync/runs/{{runId:guid}}"] = r => Send("DELETE", $"/api/tenants/{T(r)}/sync/runs/{Id(r, k.Run)}", HostileBody(r)),
            [$"POST {api}/sync/runs/{{runId:guid}}/commit"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/runs/{Id(r, k.Run)}/commit", HostileBody(r)),
            [$"POST {api}/sync/runs/{{runId:guid}}/pages"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/runs/{Id(r, k.Run)}/pages", r.Next(4) == 0 ? RawBody(r) : PageBody(r)),
            [$"GET {api}/sync/runs/{{runId:guid}}/results"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/runs/{Id(r, k.Run)}/results?" + Query(r, ["top", "skip"]), NoBody(r)),
            [$"POST {api}/fixup"] = r => Send("POST", $"/api/tenants/{T(r)}/fixup", NoBody(r)),
            // A successful load changes the tenant (as documented); only hostile pages may reach it.
            [$"POST {api}/cloud/import"] = r => Send("POST", $"/api/tenants/{T(r)}/cloud/import", r.Next(2) == 0 ? RawBody(r) : HostileBody(r)),
            [$"POST {api}/preflight"] = r => Send("POST", $"/api/tenants/{T(r)}/preflight?format={Uri.EscapeDataString(Pick(r, ["ldif", "csv", "LDIF", Short(r)]))}"
                + (r.Next(3) == 0 ? $"&mode={Uri.EscapeDataString(Pick(r, ["full", "delta", Short(r)]))}" : ""), r.Next(4) == 0 ? RawBody(r) : ExportBody(r)),
            [$"POST {api}/sync/features"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/features", r.Next(4) == 0 ? RawBody(r) : Body(r, FeatureNames)),
            [$"POST {api}/sync/client"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/client", r.Next(4) == 0 ? RawBody(r) : Body(r, ReportFields)),
            [$"GET {api}/sync/client"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/client", NoBody(r)),
            [$"GET {beta}/directory/onPremisesSynchronization"] = r => Send("GET", $"/graph/{T(r)}/beta/directory/onPremisesSynchronization", NoBody(r)),
            [$"GET {beta}/directory/onPremisesSynchronization/{{id:guid}}"] = r => Send("GET", $"/graph/{T(r)}/beta/directory/onPremisesSynchronization/{Id(r, k.Tenant)}", NoBody(r)),
            [$"PATCH {beta}/directory/onPremisesSynchronization/{{id:guid}}"] = r =>
                Send("PATCH", $"/graph/{T(r)}/beta/directory/onPremisesSynchronization/{Id(r, k.Tenant)}", r.Next(4) == 0 ? RawBody(r) : r.Next(2) == 0 ? SettingsBody(r)
                    : Json($"{{\"configuration\":{{{Name(r, ReportFields)}:{Value(r, ReportFields)}}}}}")),
            [$"GET {api}/sync/reviews"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/reviews", NoBody(r)),
            [$"GET {api}/sync/reviews/{{reviewId:guid}}"] = r => Send("GET", $"/api/tenants/{T(r)}/sync/reviews/{Id(r, k.Review)}", NoBody(r)),
            [$"GET {api}/sync/reviews/{{reviewId:guid}}/deletions"] = r =>
                Send("GET", $"/api/tenants/{T(r)}/sync/reviews/{Id(r, k.Review)}/deletions?" + Query(r, ["search", "after"]), NoBody(r)),
            // Allowing the held export would apply it: only a request carrying something hostile may reach it.
            [$"POST {api}/sync/reviews/{{reviewId:guid}}/allow"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/reviews/{Id(r, k.Review)}/allow", HostileBody(r)),
            [$"POST {api}/sync/reviews/{{reviewId:guid}}/discard"] = r => Send("POST", $"/api/tenants/{T(r)}/sync/reviews/{Id(r, k.Review)}/discard", HostileBody(r)),
            [$"GET {api}/conflicts"] = r => Send("GET", $"/api/tenants/{T(r)}/conflicts?" + Query(r, ["property", "objectType", "search", "orderBy", "desc", "status", "top", "cursor"]), NoBody(r)),
            [$"GET {api}/objects/{{objectId:guid}}/match-history"] = r => Send("GET", $"/api/tenants/{T(r)}/objects/{Id(r, k.User)}/match-history?" + Query(r, ["top", "skip"]), NoBody(r)),
            ["GET /tenants/{tenantId:guid}/conflicts.csv"] = r => Send("GET", $"/tenants/{T(r)}/conflicts.csv?" + Query(r, ["property", "objectType", "search", "status", "from", "to"]), NoBody(r)),
            [$"GET {graph}/directory/onPremisesSynchronization"] = r => Send("GET", $"/graph/{T(r)}/v1.0/directory/onPremisesSynchronization", NoBody(r)),
            [$"GET {graph}/directory/onPremisesSynchronization/{{id:guid}}"] = r => Send("GET", $"/graph/{T(r)}/v1.0/directory/onPremisesSynchronization/{Id(r, k.Tenant)}", NoBody(r)),
            [$"PATCH {graph}/directory/onPremisesSynchronization/{{id:guid}}"] = r =>
                Send("PATCH", $"/graph/{T(r)}/v1.0/directory/onPremisesSynchronization/{Id(r, k.Tenant)}", r.Next(4) == 0 ? RawBody(r) : SettingsBody(r)),
            [$"POST {graph}/users/{{id:guid}}/assignLicense"] = r => Send("POST", $"/graph/{T(r)}/v1.0/users/{Id(r, k.User)}/assignLicense", Body(r, ["addLicenses", "removeLicenses", "skuId"])),
            [$"GET {graph}/roleManagement/directory/roleAssignments"] = r => Send("GET", $"/graph/{T(r)}/v1.0/roleManagement/directory/roleAssignments?" + Query(r, ["$filter", "$top"]), NoBody(r)),
            [$"POST {graph}/roleManagement/directory/roleAssignments"] = r =>
                Send("POST", $"/graph/{T(r)}/v1.0/roleManagement/directory/roleAssignments", Body(r, ["principalId", "roleDefinitionId", "directoryScopeId", "@odata.type"])),
            [$"DELETE {graph}/roleManagement/directory/roleAssignments/{{id:guid}}"] = r =>
                Send("DELETE", $"/graph/{T(r)}/v1.0/roleManagement/directory/roleAssignments/{Id(r, Guid.NewGuid().ToString())}", NoBody(r)),
            ["GET /graph/{**path}"] = r => Send("GET", $"/graph/{T(r)}/{Pick(r, ["v1.0/nothing", "beta/users", HostileId(r)])}", NoBody(r)),
            ["GET /health"] = r => Send("GET", "/health", NoBody(r)),
            ["GET /health/live"] = r => Send("GET", "/health/live", NoBody(r)),
            ["GET /health/ready"] = r => Send("GET", "/health/ready", NoBody(r)),
            ["GET /openapi/{documentName}.json"] = r => Send("GET", $"/openapi/{Pick(r, ["v1", HostileId(r)])}.json", NoBody(r)),
            ["GET /{*path:nonfile}"] = r => Send("GET", "/" + HostileId(r) + "?" + Query(r, ["returnUrl", "x"]), NoBody(r)),
        };
        foreach (var segment in new[] { "users", "groups", "contacts" })
        {
            var id = segment == "groups" ? k.Group : k.User;
            targets[$"GET {graph}/{segment}"] = r =>
                Send("GET", $"/graph/{T(r)}/v1.0/{segment}?" + (r.Next(3) == 0 ? $"$filter={Uri.EscapeDataString(Filter(r))}"
                    : Query(r, ["$filter", "$select", "$top", "$skiptoken", "$orderby", "$count", "$search", "$skip"])), NoBody(r));
            targets[$"GET {graph}/{segment}/{{id:guid}}"] = r => Send("GET", $"/graph/{T(r)}/v1.0/{segment}/{Id(r, id)}?" + Query(r, ["$select"]), NoBody(r));
            targets[$"POST {graph}/{segment}"] = r => Send("POST", $"/graph/{T(r)}/v1.0/{segment}", r.Next(4) == 0 ? RawBody(r) : Body(r, GraphFields));
            targets[$"PATCH {graph}/{segment}/{{id:guid}}"] = r => Send("PATCH", $"/graph/{T(r)}/v1.0/{segment}/{Id(r, id)}", r.Next(3) == 0 ? RawBody(r) : Body(r, GraphFields));
            foreach (var version in new[] { graph, beta })
            {
                var v = version == graph ? "v1.0" : "beta";
                targets[$"GET {version}/{segment}/{{id:guid}}/onPremisesSyncBehavior"] = r => Send("GET", $"/graph/{T(r)}/{v}/{segment}/{Id(r, id)}/onPremisesSyncBehavior", NoBody(r));
                targets[$"PATCH {version}/{segment}/{{id:guid}}/onPremisesSyncBehavior"] = r =>
                    Send("PATCH", $"/graph/{T(r)}/{v}/{segment}/{Id(r, id)}/onPremisesSyncBehavior", r.Next(4) == 0 ? RawBody(r) : Body(r, ["isCloudManaged", "id", "colour"]));
            }
            // A delete that succeeds is no refusal; mostly it names something hostile.
            targets[$"DELETE {graph}/{segment}/{{id:guid}}"] = r => Send("DELETE", $"/graph/{T(r)}/v1.0/{segment}/{Id(r, id)}", r.Next(2) == 0 ? HostileBody(r) : NoBody(r));
        }
        // Graph's beta answers every v1.0 call with the same code: the same hostile requests, sent to beta.
        foreach (var (key, make) in targets.Where(t => t.Key.Contains($" {graph}/")).ToList())
            targets.TryAdd(key.Replace(graph, beta), r =>
            {
                var request = make(r);
                request.RequestUri = new Uri(request.RequestUri!.OriginalString.Replace("/v1.0/", "/beta/"), UriKind.RelativeOrAbsolute);
                return request;
            });
        return targets;
    }

    /// <summary>An export file, LDIF or CSV alike, of lines mixing what ldifde and csvde write with hostile names and values.</summary>
    private static HttpContent ExportBody(Random r)
    {
        var text = new System.Text.StringBuilder();
        string[] names = ["dn", "objectClass", "cn", "userPrincipalName", "mail", "proxyAddresses", "objectGUID", "mS-DS-ConsistencyGuid", "changetype", "version", "DN"];
        for (var line = r.Next(1, 30); line > 0; line--)
            text.Append(r.Next(9) switch
            {
                0 => "\n",
                1 => $"{Pick(r, names)}:: {(r.Next(2) == 0 ? Convert.ToBase64String(Guid.NewGuid().ToByteArray()) : Hostile(r))}\n",
                2 => $" {Hostile(r)}\n",
                3 => $"{Hostile(r)}: {Hostile(r)}\n",
                4 => $"DN,{Pick(r, names)},{Pick(r, names)}\n\"{Hostile(r)}\",{Hostile(r)},X'{Hostile(r)}'\n",
                5 => "objectClass: user\n",
                _ => $"{Pick(r, names)}: {Hostile(r)}\n",
            });
        return new StringContent(text.ToString(), System.Text.Encoding.UTF8, "application/octet-stream");
    }

    private static HttpRequestMessage Send(string method, string path, HttpContent? content) => new(new HttpMethod(method), path) { Content = content };

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Hostile(Random r) => Pick(r, HostileStrings);

    /// <summary>The real id mostly; else an unknown GUID or a hostile segment (which matches no GUID route).</summary>
    private static string Id(Random r, string real) => r.Next(10) switch
    {
        < 6 => real,
        < 8 => Guid.NewGuid().ToString(),
        _ => HostileId(r),
    };

    /// <summary>A hostile path segment, escaped. A NUL in a path is refused by the server before the app sees it (and by the test host's client).</summary>
    private static string HostileId(Random r) => Uri.EscapeDataString(Pick(r, HostileStrings.Where(h => !h.Contains('\0') && !h.Contains("%00") && h.Length < 300).ToList()));

    /// <summary>
    /// Query parameters with hostile names and values. The whole request line stays under Kestrel's 8 KB, whose 414
    /// the server writes itself before any of the app runs; one value may pass the app's own limit of 2,048.
    /// </summary>
    private static string Query(Random r, string[] names) =>
        string.Join("&", Enumerable.Range(0, 1 + r.Next(3)).Select(_ => $"{Uri.EscapeDataString(r.Next(8) == 0 ? Short(r) : Pick(r, names))}={Uri.EscapeDataString(Short(r))}"))
        + (r.Next(10) == 0 ? "&top=" + new string('9', 2049) : "");

    private static string Short(Random r) => Pick(r, HostileStrings.Where(h => h.Length < 300).ToList());

    private static string Filter(Random r) => Pick(r,
    [
        $"userPrincipalName eq '{Short(r)}'", $"startswith(displayName,'{Short(r)}')", $"onPremisesSyncEnabled eq {Short(r)}",
        "displayName eq 'x' or 1 eq 1", "userPrincipalName eq 'a'' or ''1''=''1'", $"onPremisesProvisioningErrors/any(o:o/category eq '{Short(r)}')",
        Short(r), "startswith(displayName,'a') and " + Short(r),
    ]);

    /// <summary>A property name: one the endpoint knows, the same in another case, or hostile text (surrogates and all), as JSON.</summary>
    private static string Name(Random r, string[] fields) => System.Text.Json.JsonSerializer.Serialize(r.Next(6) switch
    {
        0 => Hostile(r),
        1 => Pick(r, fields).ToUpperInvariant(),
        _ => Pick(r, fields),
    });

    /// <summary>A JSON value of a random hostile kind, written out as JSON text.</summary>
    private static string Value(Random r, string[] fields, int depth = 0) => r.Next(depth > 2 ? 4 : 7) switch
    {
        0 => "null",
        1 => Pick(r, ["0", "-1", "1.5", "1e309", "true", "false", "99999999999999999999"]),
        2 or 3 => System.Text.Json.JsonSerializer.Serialize(Hostile(r)),
        4 => "[" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => Value(r, fields, depth + 1))) + "]",
        5 => "{" + string.Join(",", Enumerable.Range(0, r.Next(3)).Select(_ => $"{Name(r, fields)}:{Value(r, fields, depth + 1)}")) + "}",
        _ => new string('[', 300) + new string(']', 300),
    };

    private static StringContent Body(Random r, string[] fields) =>
        Json("{" + string.Join(",", Enumerable.Range(0, 1 + r.Next(fields.Length)).Select(_ => $"{Name(r, fields)}:{Value(r, fields)}")) + "}");

    /// <summary>Mostly no body; sometimes one where none is taken (refused either way).</summary>
    private static HttpContent? NoBody(Random r) => r.Next(8) == 0 ? HostileBody(r) : null;

    /// <summary>A body that an endpoint taking none must refuse: never empty.</summary>
    private static HttpContent HostileBody(Random r) => r.Next(3) switch
    {
        0 => Json("{}"),
        1 => new FormUrlEncodedContent([new("mode", "full")]),
        _ => new ByteArrayContent(new byte[1 + r.Next(3000)]),
    };

    private static StringContent SyncBody(Random r)
    {
        var objects = HostileObjects(r);
        var mode = r.Next(3) == 0 ? Value(r, SyncFields) : System.Text.Json.JsonSerializer.Serialize(Pick(r, ["delta", "full", "delta,full", " delta", "1", "Full, Delta"]));
        // A full sync that passed validation would delete everything not in it: every generated object is hostile, so none may pass.
        return Json($"{{\"mode\":{mode},\"objects\":[{string.Join(",", objects)}]{(r.Next(6) == 0 ? ",\"MODE\":\"full\"" : "")}}}");
    }

    /// <summary>A page of a run: hostile objects only, so none may be staged.</summary>
    private static StringContent PageBody(Random r) => Json($"{{\"objects\":[{string.Join(",", HostileObjects(r))}]}}");

    private static IEnumerable<string> HostileObjects(Random r) => Enumerable.Range(0, r.Next(4)).Select(_ => r.Next(5) == 0 ? Value(r, SyncFields)
        : "{" + string.Join(",", Enumerable.Range(0, 1 + r.Next(SyncFields.Length)).Select(_ => $"{Name(r, SyncFields)}:{Value(r, SyncFields)}")) + "}");

    private static StringContent SettingsBody(Random r) => Json(r.Next(2) == 0
        ? $"{{\"features\":{{{Name(r, FeatureNames)}:{Value(r, FeatureNames)}}}}}"
        : $"{{\"configuration\":{{\"accidentalDeletionPrevention\":{{\"synchronizationPreventionType\":{Value(r, FeatureNames)},\"alertThreshold\":{Value(r, FeatureNames)}}}}}}}");

    private static HttpContent RawBody(Random r)
    {
        byte[] bytes = r.Next(6) switch
        {
            0 => [(byte)'{', (byte)'"', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}'],
            1 => Encoding.UTF8.GetBytes("{\"displayName\":\"a\",\"displayName\":\"b\",\"mode\":\"delta\",\"mode\":\"full\"}"),
            2 => Encoding.UTF8.GetBytes("{\"mode\":\"delta\",\"objects\":[" + new string('[', 2000)),
            3 => [],
            4 => [(byte)'{', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)':', (byte)'1', (byte)'}'],
            _ => Encoding.UTF8.GetBytes("mode=delta&objects="),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new(r.Next(4) == 0 ? "text/plain" : "application/json");
        return content;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}

public sealed class HostileRequestFuzzOnSqlite(TlsPortalFactory factory, ITestOutputHelper output) : HostileRequestFuzz<TlsPortalFactory>(factory, output);

public sealed class HostileRequestFuzzOnPostgres(TlsPostgresPortalFactory factory, ITestOutputHelper output) : HostileRequestFuzz<TlsPostgresPortalFactory>(factory, output);

[SqlServer]
public sealed class HostileRequestFuzzOnSqlServer(TlsSqlServerPortalFactory factory, ITestOutputHelper output) : HostileRequestFuzz<TlsSqlServerPortalFactory>(factory, output);
