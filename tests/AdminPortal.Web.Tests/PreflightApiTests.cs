using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>
/// POST …/preflight?format=ldif|csv: an Active Directory export as the body; the skipped entries, IdFix's findings and
/// AdminPortal's, and the engine's what-if against the tenant as it is, with nothing written.
/// </summary>
public class PreflightApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private static readonly Guid Joe = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    private static readonly Guid Ann = Guid.Parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    private static readonly Guid Max = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid Bea = Guid.Parse("99999999-8888-7777-6666-555555555555");

    private static string Anchor(Guid g) => Convert.ToBase64String(g.ToByteArray());

    private static string User(string cn, Guid guid, string extra) => $"dn: CN={cn},OU=Staff,DC=contoso,DC=com\r\nchangetype: add\r\nobjectClass: top\r\n" +
        $"objectClass: person\r\nobjectClass: user\r\ncn: {cn}\r\nobjectGUID:: {Convert.ToBase64String(guid.ToByteArray())}\r\n{extra}\r\n";

    /// <summary>Joe (synced already: hard match), Ann under .local, Max without a UPN, Bea sharing Joe's mail, and a computer.</summary>
    private static string Export() => "version: 1\r\n\r\n" + string.Join("\r\n",
        User("Joe", Joe, "displayName: Joe\r\nuserPrincipalName: joe@contoso.com\r\nmail: joe@contoso.com\r\nproxyAddresses: SMTP:joe@contoso.com\r\n"),
        User("Ann", Ann, "displayName: Ann\r\nuserPrincipalName: ann@contoso.local\r\n"),
        User("Max", Max, "displayName: Max\r\n"),
        User("Bea", Bea, "displayName: Bea\r\nuserPrincipalName: bea@contoso.com\r\nmail: JOE@contoso.com\r\n"),
        "dn: CN=WS01,OU=Computers,DC=contoso,DC=com\r\nobjectClass: computer\r\ncn: WS01\r\nsAMAccountName: WS01$\r\n" +
        $"objectGUID:: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\n");

    private Task<HttpResponseMessage> PreflightAsync(HttpClient client, string tenant, string query, byte[] file, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{tenant}/preflight?{query}") { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (accept is not null) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return client.SendAsync(request);
    }

    private async Task<string> TenantWithJoeSyncedAsync()
    {
        var tenant = await Api.CreateTenantAsync(admin, "p" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User(Anchor(Joe), "joe@contoso.com", "SMTP:joe@contoso.com")));
        return tenant;
    }

    [Fact]
    public async Task An_ldif_export_is_checked_and_decided_against_the_tenant_and_nothing_is_written()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        var before = await Api.VisibleStateAsync(admin, tenant);

        var report = await Api.OkJsonAsync(await PreflightAsync(admin, tenant, "format=ldif", Encoding.UTF8.GetBytes(Export())));

        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
        Assert.Equal((5, 4, 1), (report["entries"]!.GetValue<int>(), report["objects"]!.GetValue<int>(), report["refused"]!.GetValue<int>()));
        var skipped = Assert.Single(report["skipped"]!.AsArray())!;
        Assert.Equal("CN=WS01,OU=Computers,DC=contoso,DC=com", skipped["distinguishedName"]!.GetValue<string>());
        Assert.Contains("computer", skipped["reason"]!.GetValue<string>());

        var findings = report["findings"]!.AsArray().Select(f => (Dn: f!["distinguishedName"]!.GetValue<string>()[3..6], Attribute: f["attribute"]!.GetValue<string>(),
            Error: f["error"]!.GetValue<string>())).ToList();
        Assert.Contains(("Ann", "userPrincipalName", "TopLevelDomain"), findings);
        Assert.Contains(("Joe", "mail", "Duplicate"), findings);
        Assert.Contains(("Bea", "mail", "Duplicate"), findings);
        Assert.Contains(("Max", "userPrincipalName", "AdminPortal"), findings);
        Assert.Contains("required", report["findings"]!.AsArray().Single(f => f!["error"]!.GetValue<string>() == "AdminPortal")!["message"]!.GetValue<string>());

        // The what-if: Joe is the synced user (his display name changes), Ann and Bea are created, Ann with the MOERA UPN (.local is not verified).
        var whatIf = report["whatIf"]!.AsArray().ToDictionary(w => w!["distinguishedName"]!.GetValue<string>()[3..6], w => w!);
        Assert.Equal(["Ann", "Bea", "Joe"], whatIf.Keys.Order());
        Assert.Equal("updated", whatIf["Joe"]["outcome"]!.GetValue<string>());
        Assert.Equal("created", whatIf["Ann"]["outcome"]!.GetValue<string>());
        Assert.EndsWith(".onmicrosoft.com", whatIf["Ann"]["upnAfter"]!.GetValue<string>());
        Assert.Equal("bea@contoso.com", whatIf["Bea"]["upnAfter"]!.GetValue<string>());
        var dryRun = report["dryRun"]!;
        Assert.True(dryRun["dryRun"]!.GetValue<bool>());
        Assert.Equal(3, dryRun["results"]!.AsArray().Count);
        Assert.False(dryRun["deletionGuard"]!["blocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_full_export_names_each_synced_object_it_would_delete_by_the_dn_it_was_synced_from()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        var gone = Guid.NewGuid();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, new
        {
            objectType = "user", sourceAnchor = Anchor(gone), displayName = "Old", userPrincipalName = "old@contoso.com",
            onPremisesDistinguishedName = "CN=Old,OU=Leavers,DC=contoso,DC=com",
        }));

        var report = await Api.OkJsonAsync(await PreflightAsync(admin, tenant, "format=ldif&mode=full", Encoding.UTF8.GetBytes(Export())));

        var deleted = Assert.Single(report["whatIf"]!.AsArray(), w => w!["outcome"]!.GetValue<string>() == "deleted")!;
        Assert.Equal("CN=Old,OU=Leavers,DC=contoso,DC=com", deleted["distinguishedName"]!.GetValue<string>());
        Assert.Equal(Anchor(gone), deleted["sourceAnchor"]!.GetValue<string>());
        Assert.Null(deleted["line"]);
    }

    [Fact]
    public async Task An_anchor_AdminPortal_refuses_is_reported_on_its_attribute_in_base64()
    {
        var tenant = await Api.CreateTenantAsync(admin, "p" + Guid.NewGuid().ToString("N")[..10]);
        // A consistency GUID of 200 bytes: its base64 is longer than a source anchor may be.
        var long64 = Convert.ToBase64String(Enumerable.Range(0, 200).Select(i => (byte)i).ToArray());
        var file = User("Long", Guid.NewGuid(), $"displayName: Long\r\nuserPrincipalName: long@contoso.com\r\nmS-DS-ConsistencyGuid:: {long64}\r\n");

        var report = await Api.OkJsonAsync(await PreflightAsync(admin, tenant, "format=ldif", Encoding.UTF8.GetBytes(file)));

        var refusal = Assert.Single(report["findings"]!.AsArray(), f => f!["error"]!.GetValue<string>() == "AdminPortal")!;
        Assert.Equal(("mS-DS-ConsistencyGuid", long64), (refusal["attribute"]!.GetValue<string>(), refusal["value"]!.GetValue<string>()));
        Assert.Equal(1, report["refused"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_anchor_twice_in_the_file_is_refused_on_the_second_naming_the_first_and_each_what_if_keeps_its_own_line()
    {
        var tenant = await Api.CreateTenantAsync(admin, "p" + Guid.NewGuid().ToString("N")[..10]);
        var file = "version: 1\r\n\r\n" + string.Join("\r\n", User("Ann", Ann, "displayName: Ann\r\nuserPrincipalName: ann@contoso.com\r\n"),
            User("Max", Max, "displayName: Max\r\nuserPrincipalName: max@contoso.com\r\n"),
            User("Ann2", Ann, "displayName: Ann again\r\nuserPrincipalName: ann2@contoso.com\r\n"));

        var report = await Api.OkJsonAsync(await PreflightAsync(admin, tenant, "format=ldif", Encoding.UTF8.GetBytes(file)));

        var refusal = Assert.Single(report["findings"]!.AsArray(), f => f!["error"]!.GetValue<string>() == "AdminPortal")!;
        Assert.Equal(("CN=Ann2,OU=Staff,DC=contoso,DC=com", "objectGUID"), (refusal["distinguishedName"]!.GetValue<string>(), refusal["attribute"]!.GetValue<string>()));
        Assert.Contains("also CN=Ann,OU=Staff,DC=contoso,DC=com's (line 3)", refusal["message"]!.GetValue<string>());
        Assert.Equal([("CN=Ann,OU=Staff,DC=contoso,DC=com", 3), ("CN=Max,OU=Staff,DC=contoso,DC=com", 14)],
            report["whatIf"]!.AsArray().Select(w => (w!["distinguishedName"]!.GetValue<string>(), w["line"]!.GetValue<int>())));
    }

    [Fact]
    public async Task A_csvde_export_gives_the_same_answer_as_the_ldif_one()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        var csv = "DN,objectClass,cn,displayName,userPrincipalName,mail,objectGUID\r\n" +
                  $"\"CN=Joe,OU=Staff,DC=contoso,DC=com\",top;person;user,Joe,Joe,joe@contoso.com,joe@contoso.com,X'{Convert.ToHexString(Joe.ToByteArray())}'\r\n" +
                  $"\"CN=Ann,OU=Staff,DC=contoso,DC=com\",top;person;user,Ann,Ann,ann@contoso.local,,X'{Convert.ToHexString(Ann.ToByteArray())}'\r\n";
        var report = await Api.OkJsonAsync(await PreflightAsync(admin, tenant, "format=csv&mode=delta", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(csv)]));
        var outcomes = report["whatIf"]!.AsArray().Select(w => $"{w!["distinguishedName"]!.GetValue<string>()[3..6]}:{w["outcome"]}").Order();
        Assert.Equal(["Ann:created", "Joe:updated"], outcomes);
        Assert.Contains(report["findings"]!.AsArray(), f => f!["error"]!.GetValue<string>() == "TopLevelDomain" && f["line"]!.GetValue<int>() == 3);
    }

    [Fact]
    public async Task The_findings_come_as_csv_when_asked_for()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        var response = await PreflightAsync(admin, tenant, "format=ldif", Encoding.UTF8.GetBytes(Export()), "text/csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("distinguishedName,line,attribute,value,error,suggestion,message", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("\"CN=Ann,OU=Staff,DC=contoso,DC=com\",") && l.Contains(",userPrincipalName,ann@contoso.local,TopLevelDomain,"));
    }

    // By name, built in the test: xunit would otherwise carry every file's bytes through its discovery.
    private static readonly Dictionary<string, (string Format, Func<byte[]> File, string Where)> Hostile = new()
    {
        ["bad base64"] = ("ldif", () => Encoding.UTF8.GetBytes("dn: CN=A,DC=c\nobjectGUID:: !!!notbase64\n"), "line 2"),
        ["a NUL in a value"] = ("ldif", () => Encoding.UTF8.GetBytes("dn: CN=A,DC=c\ncn: A\0B\n"), "line 2"),
        ["not UTF-8 (Latin-1)"] = ("ldif", () => [.. Encoding.ASCII.GetBytes("dn: CN=A,DC=c\ncn: J"), 0xF6, (byte)'\n'], "line 2"),
        ["UTF-16 without its BOM"] = ("ldif", () => Encoding.Unicode.GetBytes("dn: CN=A,DC=c\n"), "line 1"),
        ["not LDIF at all"] = ("ldif", () => Encoding.UTF8.GetBytes("{\"objects\": []}"), "line 1"),
        ["a CSV with ragged rows"] = ("csv", () => Encoding.UTF8.GetBytes("DN,cn\n\"CN=A,DC=c\",A\n\"CN=B,DC=c\",B,extra,more\n"), "row 3"),
        ["a CSV without DN first"] = ("csv", () => Encoding.UTF8.GetBytes("cn,DN\nA,\"CN=A,DC=c\"\n"), "row 1"),
        ["a CSV of binary noise"] = ("csv", () => [0x00, 0xFF, 0xFE, 0x00, 0xC3, 0x28, 0x0A], "row 1"),
        // The engine has decided the first chunks by the time the reading meets the bad line: the line is still the answer.
        ["bad base64 after 5,001 good entries"] = ("ldif", () => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 5_001).Select(i =>
            $"dn: CN=U{i},DC=c\nobjectClass: user\ncn: U{i}\nobjectGUID:: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\nuserPrincipalName: u{i}@contoso.com\n\n"))
            + "dn: CN=Bad,DC=c\nobjectGUID:: !!!notbase64\n"), "line 30008"),
    };

    public static TheoryData<string> HostileFiles() => new(Hostile.Keys);

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_hostile_file_is_a_400_naming_where_and_nothing_is_written(string what)
    {
        var (format, file, where) = Hostile[what];
        var tenant = await TenantWithJoeSyncedAsync();
        var before = await Api.VisibleStateAsync(admin, tenant);
        var problem = await Api.ProblemAsync(await PreflightAsync(admin, tenant, "format=" + format, file()), 400);
        Assert.True(problem["title"]?.GetValue<string>().StartsWith(where + ":") == true, $"{what}: {problem}");
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
    }

    [Fact]
    public async Task A_line_of_100_mb_is_refused_without_being_held()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        var file = new MemoryStream();
        file.Write(Encoding.UTF8.GetBytes("dn: CN=A,DC=c\ndescription: "));
        file.Write(Enumerable.Repeat((byte)'x', 100 * 1024 * 1024).ToArray());
        var problem = await Api.ProblemAsync(await PreflightAsync(admin, tenant, "format=ldif", file.ToArray()), 400);
        Assert.StartsWith("line 2: The line is longer than 4 MB", problem["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_format_is_required_and_named_and_the_mode_is_full_or_delta()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        var missing = await Api.ProblemAsync(await PreflightAsync(admin, tenant, "", Encoding.UTF8.GetBytes(Export())), 400);
        Assert.Contains("format", missing["errors"]!.AsObject().Select(e => e.Key));
        var mode = await Api.ProblemAsync(await PreflightAsync(admin, tenant, "format=ldif&mode=both", Encoding.UTF8.GetBytes(Export())), 400);
        Assert.Contains("mode", mode["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task An_operator_may_run_a_preflight_a_reader_may_not()
    {
        var tenant = await TenantWithJoeSyncedAsync();
        Assert.Equal(HttpStatusCode.OK, (await PreflightAsync(factory.AsRole(Roles.Operator), tenant, "format=ldif", Encoding.UTF8.GetBytes(Export()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PreflightAsync(factory.AsRole(Roles.Reader), tenant, "format=ldif", Encoding.UTF8.GetBytes(Export()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PreflightAsync(factory.AsRole(Roles.SyncClient), tenant, "format=ldif", Encoding.UTF8.GetBytes(Export()))).StatusCode);
    }
}
