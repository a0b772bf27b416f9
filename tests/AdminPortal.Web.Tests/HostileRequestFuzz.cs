using AdminPortal.TestSupport;
using System.Net.Http.Json;
using System.Text;
using Xunit.Abstractions;

namespace AdminPortal.Web.Tests;

/// <summary>
/// Generated hostile requests to the sync API and the Graph API: wrong types, nulls, huge and control-character
/// strings, lone surrogates, invalid UTF-8, repeated keys, injection-looking filters and searches, invalid GUIDs, deep
/// nesting. Every answer is below 500 with no stack trace, and after every refusal the tenant looks exactly as before.
/// The seed is printed, so a failure can be replayed.
/// </summary>
public abstract class HostileRequestFuzz<TFactory>(TFactory factory, ITestOutputHelper output) : IClassFixture<TFactory> where TFactory : PortalFactoryOn
{
    private const int Requests = 2000;
    private readonly HttpClient admin = factory.Admin();

    private static readonly string[] HostileStrings =
    [
        "", " ", "\t", "null", "NaN", "0", "-1", "1e309", "9999999999999999999999", "true",
        "\u0000", "a\u0000b", "\u0007bell", "line\r\nbreak", "\u001b[31mred", "\u007f", "\u0085",
        "\ud800", "x\udc00y", "\ud83d", "\uffff", "\ufeffbom", "\u202eevil", "😀", "ü@contoso.com",
        "'; DROP TABLE \"DirectoryObjects\"; --", "' or 1=1 --", "\" or \"\"=\"", "%00", "%27", "../../etc/passwd", "<script>alert(1)</script>",
        "joe@contoso.com", "SMTP:joe@contoso.com", "smtp:", "X500:", ":", "@", "a@b", "user,group", "delta,full", "Full, Delta",
        "enabledForCount,enabledForPercentage", "00000000-0000-0000-0000-000000000000", "not-a-guid", "{", "[]",
        new string('x', 257), new string('y', 5000), new string('z', 70_000),
    ];

    private static readonly string[] SyncFields =
        ["objectType", "sourceAnchor", "displayName", "userPrincipalName", "mailNickname", "mail", "proxyAddresses", "onPremisesDistinguishedName", "mailEnabled", "isDeleted", "colour"];

    private static readonly string[] GraphFields =
        ["displayName", "userPrincipalName", "mail", "mailNickname", "proxyAddresses", "onPremisesImmutableId", "mailEnabled", "accountEnabled", "@odata.type", "id"];

    [ProviderFact]
    public async Task Hostile_requests_get_a_4xx_naming_the_problem_never_a_5xx_and_change_nothing()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var tenant = await Api.CreateTenantAsync(admin, "f" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant,
            Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"), Api.User("a2", "joe@contoso.com", "SMTP:joe@contoso.com")));
        var cloudUser = (await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/users",
            new { displayName = "Cloud Ann", userPrincipalName = "ann@contoso.com" })))["id"]!.GetValue<string>();

        var state = await Api.VisibleStateAsync(admin, tenant);
        var refused = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var request = Generate(random, tenant, cloudUser);
            var description = $"#{i} {request.Method} {Shorten(request.RequestUri!.OriginalString)}";
            using var response = await admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500, $"seed {seed} {description}: {(int)response.StatusCode} {Shorten(body)}");
            Assert.DoesNotContain("   at ", body);
            Assert.DoesNotContain("Exception", body);
            if (response.IsSuccessStatusCode) { state = await Api.VisibleStateAsync(admin, tenant); continue; }
            refused++;
            var after = await Api.VisibleStateAsync(admin, tenant);
            Assert.True(after == state, $"seed {seed} {description} was refused ({(int)response.StatusCode}) but changed the tenant");
        }
        output.WriteLine($"{Requests} requests, {refused} refused");
        Assert.True(refused > Requests / 2, $"only {refused} of {Requests} were refused: the generator has lost its teeth");
    }

    private static HttpRequestMessage Generate(Random r, string tenant, string cloudUser)
    {
        var graph = $"/graph/{tenant}/v1.0";
        var segment = Pick(r, ["users", "groups", "contacts"]);
        return r.Next(14) switch
        {
            0 or 1 => Post($"/api/tenants/{tenant}/sync/batches", SyncBody(r)),
            2 => Post($"/api/tenants/{Pick(r, [tenant, "not-a-guid", Guid.NewGuid().ToString()])}/sync/batches", RawBody(r)),
            3 => Post("/api/tenants", JsonObjectWith(r, ["displayName", "initialDomain", "createdDateTime", "verifiedDomains", "colour"])),
            4 => Get($"/api/tenants/{tenant}/conflicts?{Query(r, ["property", "objectType", "search", "orderBy", "desc", "status", "top", "cursor"])}"),
            5 => Get($"/api/tenants/{tenant}/{Pick(r, ["sync/batches", "sync/batches/" + HostileId(r), "objects/" + HostileId(r) + "/match-history"])}?{Query(r, ["top", "skip"])}"),
            6 or 7 => Get($"{graph}/{segment}?{Query(r, ["$filter", "$select", "$top", "$skiptoken", "$orderby", "$count", "$search", "$skip"])}"),
            8 => Get($"{graph}/{segment}?$filter={Uri.EscapeDataString(Filter(r))}"),
            9 or 10 => Post($"{graph}/{segment}", r.Next(4) == 0 ? RawBody(r) : JsonObjectWith(r, GraphFields)),
            11 => new HttpRequestMessage(HttpMethod.Patch, $"{graph}/{segment}/{Pick(r, [cloudUser, HostileId(r), Guid.NewGuid().ToString()])}")
                { Content = r.Next(3) == 0 ? RawBody(r) : JsonObjectWith(r, GraphFields) },
            12 => new HttpRequestMessage(HttpMethod.Patch, $"{graph}/directory/onPremisesSynchronization/{Pick(r, [tenant, HostileId(r)])}") { Content = SettingsBody(r) },
            _ => Post(Pick(r, [$"{graph}/users/{cloudUser}/assignLicense", $"{graph}/roleManagement/directory/roleAssignments"]),
                JsonObjectWith(r, ["addLicenses", "removeLicenses", "principalId", "roleDefinitionId", "directoryScopeId"])),
        };
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    private static HttpRequestMessage Post(string path, HttpContent content) => new(HttpMethod.Post, path) { Content = content };

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Hostile(Random r) => Pick(r, HostileStrings);

    /// <summary>A hostile path segment, escaped. A NUL in a path is refused by the server before the app sees it (and by the test host's client).</summary>
    private static string HostileId(Random r) => Uri.EscapeDataString(Pick(r, HostileStrings.Where(h => !h.Contains('\0') && !h.Contains("%00")).ToList()));

    private static string Query(Random r, string[] names) =>
        string.Join("&", Enumerable.Range(0, 1 + r.Next(3)).Select(_ => $"{Pick(r, names)}={Uri.EscapeDataString(Hostile(r))}"));

    private static string Filter(Random r) => Pick(r,
    [
        $"userPrincipalName eq '{Hostile(r)}'", $"startswith(displayName,'{Hostile(r)}')", $"onPremisesSyncEnabled eq {Hostile(r)}",
        "displayName eq 'x' or 1 eq 1", "userPrincipalName eq 'a'' or ''1''=''1'", $"onPremisesProvisioningErrors/any(o:o/category eq '{Hostile(r)}')",
        Hostile(r), "startswith(displayName,'a') and " + Hostile(r),
    ]);

    /// <summary>A JSON value of a random hostile kind, written out as JSON text.</summary>
    private static string Value(Random r, int depth = 0) => r.Next(depth > 2 ? 4 : 7) switch
    {
        0 => "null",
        1 => Pick(r, ["0", "-1", "1.5", "1e309", "true", "false", "99999999999999999999"]),
        2 or 3 => System.Text.Json.JsonSerializer.Serialize(Hostile(r)),
        4 => "[" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => Value(r, depth + 1))) + "]",
        5 => "{" + string.Join(",", Enumerable.Range(0, r.Next(3)).Select(_ => $"\"{Pick(r, GraphFields)}\":{Value(r, depth + 1)}")) + "}",
        _ => new string('[', 300) + new string(']', 300),
    };

    private static StringContent JsonObjectWith(Random r, string[] fields) =>
        Json("{" + string.Join(",", Enumerable.Range(0, 1 + r.Next(fields.Length)).Select(_ => $"\"{Pick(r, fields)}\":{Value(r)}")) + "}");

    private static StringContent SyncBody(Random r)
    {
        var objects = Enumerable.Range(0, r.Next(4)).Select(_ => r.Next(5) == 0 ? Value(r)
            : "{" + string.Join(",", Enumerable.Range(0, 1 + r.Next(SyncFields.Length)).Select(_ => $"\"{Pick(r, SyncFields)}\":{Value(r)}")) + "}");
        var mode = r.Next(3) == 0 ? Value(r) : System.Text.Json.JsonSerializer.Serialize(Pick(r, ["delta", "full", "delta,full", " delta", "1", "Full, Delta"]));
        // A full sync that passed validation would delete everything not in it: every generated object is hostile, so none may pass.
        return Json($"{{\"mode\":{mode},\"objects\":[{string.Join(",", objects)}]{(r.Next(6) == 0 ? ",\"mode\":\"full\"" : "")}}}");
    }

    private static StringContent SettingsBody(Random r) => Json(r.Next(2) == 0
        ? $"{{\"features\":{{\"{Pick(r, ["softMatchOnUpnEnabled", "blockSoftMatchEnabled", "passwordSyncEnabled", "quarantineUponUpnConflictEnabled", Hostile(r)])}\":{Value(r)}}}}}"
        : $"{{\"configuration\":{{\"accidentalDeletionPrevention\":{{\"synchronizationPreventionType\":{Value(r)},\"alertThreshold\":{Value(r)}}}}}}}");

    private static HttpContent RawBody(Random r)
    {
        byte[] bytes = r.Next(5) switch
        {
            0 => [(byte)'{', (byte)'"', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}'],
            1 => Encoding.UTF8.GetBytes("{\"displayName\":\"a\",\"displayName\":\"b\",\"mode\":\"delta\",\"mode\":\"full\"}"),
            2 => Encoding.UTF8.GetBytes("{\"mode\":\"delta\",\"objects\":[" + new string('[', 2000)),
            3 => [],
            _ => Encoding.UTF8.GetBytes("mode=delta&objects="),
        };
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new(r.Next(4) == 0 ? "text/plain" : "application/json");
        return content;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..300] + "…";
}

public sealed class HostileRequestFuzzOnSqlite(PortalFactory factory, ITestOutputHelper output) : HostileRequestFuzz<PortalFactory>(factory, output);

public sealed class HostileRequestFuzzOnPostgres(PostgresPortalFactory factory, ITestOutputHelper output) : HostileRequestFuzz<PostgresPortalFactory>(factory, output);

[SqlServer]
public sealed class HostileRequestFuzzOnSqlServer(SqlServerPortalFactory factory, ITestOutputHelper output) : HostileRequestFuzz<SqlServerPortalFactory>(factory, output);
