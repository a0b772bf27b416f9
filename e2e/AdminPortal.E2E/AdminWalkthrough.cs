using System.Net.Http.Json;
using Microsoft.Playwright;

namespace AdminPortal.E2E;

/// <summary>The interactive portal walked as an admin would, in the real browser, against the running app with its demo tenants.</summary>
[Collection(PortalCollection.Name)]
public class AdminWalkthrough(PortalFixture fixture)
{
    private string Base => fixture.Portal.BaseUrl;

    private static ILocator Stat(IPage page, string label) => page.Locator($"[data-stat='{label}']");

    [Fact]
    public async Task An_admin_enables_a_one_way_feature_through_the_dialog_and_finds_no_way_back()
    {
        var page = await fixture.SignedInAsync();
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoLiveAsync(Base + contoso + "/features");
        var row = page.Locator("[data-feature='quarantineUponProxyAddressesConflictEnabled']");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Preview and enable…" }).ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToContainTextAsync("This cannot be undone");
        await Assertions.Expect(dialog.Locator("table")).ToContainTextAsync("Pradeep Gupta");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("enable-dialog");

        await page.FillAsync("#confirmation", "yes");
        await Assertions.Expect(page.Locator("#confirm")).ToBeDisabledAsync();
        await page.FillAsync("#confirmation", "DuplicateProxyAddressResiliency");
        await Assertions.Expect(page.Locator("#confirm")).ToBeEnabledAsync();
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("DuplicateProxyAddressResiliency is now on");
        await Assertions.Expect(row).ToContainTextAsync("On for good");
        await Assertions.Expect(row).ToContainTextAsync("Enabled by e2e-admin");
        Assert.Equal(0, await row.Locator("button").CountAsync());

        // After a reload too: no control at all.
        await page.GotoLiveAsync(Base + contoso + "/features");
        await Assertions.Expect(page.Locator("[data-feature='quarantineUponProxyAddressesConflictEnabled'] button")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("feature-on-for-good");
    }

    [Fact]
    public async Task An_operator_resolves_a_conflict_and_sees_it_gone_after_fixup()
    {
        var page = await fixture.SignedInAsync("Portal.Operator", "e2e-operator");
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoLiveAsync(Base + contoso);
        var before = int.Parse(await Stat(page, "Open conflicts").InnerTextAsync());

        await page.GotoLiveAsync(Base + contoso + "/conflicts?Search=lee.gu");
        await page.Locator("#conflicts-grid a[href*='/conflicts/detail']").First.ClickAsync();
        await page.WaitForLiveAsync();
        await Assertions.Expect(page.Locator(".mud-chip", new PageLocatorOptions { HasText = "Not started" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("conflict-detail");

        await page.ClickAsync("[data-action='delete-holder']");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("Deletes the cloud-only user");
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Deleted the cloud-only user");
        await page.ClickAsync("[data-action='fixup']");
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator(".mud-main-content")).ToContainTextAsync("This conflict is no longer open");

        await page.GotoLiveAsync(Base + contoso);
        await Assertions.Expect(Stat(page, "Open conflicts")).ToHaveTextAsync((before - 1).ToString());
        await page.ScreenshotAsync("dashboard-after-fixup");
    }

    [Fact]
    public async Task An_admin_reads_an_objects_match_history()
    {
        var page = await fixture.SignedInAsync();
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoLiveAsync(Base + contoso + "/objects?Q=Megan");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Megan Bowen", Exact = true }).ClickAsync();
        var timeline = page.Locator(".mud-timeline-item");
        await Assertions.Expect(timeline.First).ToContainTextAsync("SoftMatchSmtp");
        await Assertions.Expect(timeline.First).ToContainTextAsync("Features in force");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("match-history");
    }

    [Fact]
    public async Task An_admin_downloads_the_conflict_list_as_csv_and_reads_it()
    {
        var page = await fixture.SignedInAsync();
        var fabrikam = await PortalFixture.TenantPathAsync(page, "Fabrikam");
        await page.GotoLiveAsync(Base + fabrikam + "/conflicts");
        await Assertions.Expect(page.Locator("#conflicts-grid tbody")).ToContainTextAsync("helpdesk@fabrikam.net");
        var rows = await page.Locator("#conflicts-grid tbody tr").CountAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#csv"));
        var path = Path.Combine(PageChecks.Screenshots, "conflicts.csv");
        Directory.CreateDirectory(PageChecks.Screenshots);
        await download.SaveAsAsync(path);
        var lines = File.ReadAllLines(path);
        Assert.StartsWith("value,attribute,placeholder", lines[0]);
        Assert.Equal(rows, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("smtp:helpdesk@fabrikam.net,ProxyAddress"));
        await page.ScreenshotAsync("conflicts");
    }

    [Fact]
    public async Task A_batch_posted_through_the_api_appears_on_an_open_dashboard_without_a_reload()
    {
        var page = await fixture.SignedInAsync("Portal.Reader", "e2e-reader");
        var fabrikam = await PortalFixture.TenantPathAsync(page, "Fabrikam");
        await page.GotoLiveAsync(Base + fabrikam);
        var synced = int.Parse(await Stat(page, "Synced objects").InnerTextAsync());

        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", "development-bootstrap-key-not-for-production");
        var response = await api.PostAsJsonAsync($"{Base}/api/{fabrikam.TrimStart('/')}/sync/batches", new
        {
            mode = "delta",
            objects = new[]
            {
                new { objectType = "user", sourceAnchor = "live-1", displayName = "Live One", userPrincipalName = "live.one@fabrikam.com" },
                new { objectType = "user", sourceAnchor = "live-2", displayName = "Live Two", userPrincipalName = "live.two@fabrikam.com" },
            },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        // Within two seconds, in the same page: no navigation, no reload.
        await Assertions.Expect(Stat(page, "Synced objects")).ToHaveTextAsync((synced + 2).ToString(), new LocatorAssertionsToHaveTextOptions { Timeout = 2_000 });
        await page.ScreenshotAsync("dashboard-live");
    }

    [Fact]
    public async Task An_operator_uploads_an_export_for_a_dry_run_and_sees_what_it_would_do_with_nothing_written()
    {
        var page = await fixture.SignedInAsync("Portal.Operator", "e2e-dry-runner");
        var fabrikam = await PortalFixture.TenantPathAsync(page, "Fabrikam");
        await page.GotoLiveAsync(Base + fabrikam + "/batches");
        var batches = await page.Locator(".mud-main-content tbody tr").CountAsync();
        await page.GotoLiveAsync(Base + fabrikam + "/dry-run");
        var export = System.Text.Json.JsonSerializer.Serialize(new
        {
            mode = "delta",
            objects = new[] { new { objectType = "user", sourceAnchor = "dry-1", displayName = "Dry One", userPrincipalName = "dry.one@fabrikam.net" } },
        });
        await page.Locator("input[type=file]").UploadAsync(new FilePayload { Name = "export.json", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(export) });
        await Assertions.Expect(page.Locator("[data-stat='Created']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#impact")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("dry-run");
        await page.GotoLiveAsync(Base + fabrikam + "/batches");
        Assert.Equal(batches, await page.Locator(".mud-main-content tbody tr").CountAsync());
    }

    [Fact]
    public async Task The_reconnect_banner_shows_while_the_connection_is_lost_and_goes_once_it_is_back()
    {
        var page = await fixture.SignedInAsync("Portal.Reader", "e2e-offline");
        // Every live connection of this page goes through a route the test can cut, as a dropped network would.
        var connections = new List<IWebSocketRoute>();
        await page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/_blazor"), ws =>
        {
            lock (connections) connections.Add(ws);
            ws.ConnectToServer();
        });
        await page.GotoLiveAsync(Base + "/");
        var banner = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(banner).ToBeHiddenAsync();

        await connections.Last().CloseAsync(new WebSocketRouteCloseOptions { Code = 4000, Reason = "network lost (test)" });
        await Assertions.Expect(banner).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 10_000 });
        await Assertions.Expect(banner).ToContainTextAsync("reconnecting");
        await page.ScreenshotAsync("reconnecting");
        // The framework retries on its own; the retry goes through the route again and finds the circuit kept.
        await Assertions.Expect(banner).ToBeHiddenAsync(new LocatorAssertionsToBeHiddenOptions { Timeout = 30_000 });
        Assert.True(connections.Count >= 2);
        await Assertions.Expect(page.Locator("[data-live='true']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_page_left_open_loses_access_once_its_session_is_signed_out_in_another_tab()
    {
        var page = await fixture.SignedInAsync("Portal.Operator", "e2e-leaver");
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoLiveAsync(Base + contoso + "/conflicts");
        await Assertions.Expect(page.Locator("#conflicts-grid")).ToBeVisibleAsync();

        // The same browser signs out in a second tab; the first tab's live connection still carries the old user.
        var other = await page.Context.NewPageAsync();
        await other.GotoLiveAsync(Base + "/");
        await other.ClickAsync("form[action='/signout'] button");
        await other.WaitForURLAsync(url => url.Contains("/signin"));

        // Within the revalidation interval (2 s in this run), the open page says so and offers no action.
        await Assertions.Expect(page.GetByText("Your session has ended")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#conflicts-grid")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("session-ended");
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task Every_page_passes_an_accessibility_check(string theme)
    {
        var page = await fixture.SignedInAsync();
        await page.Context.AddCookiesAsync([new Cookie { Name = "AdminPortal.Theme", Value = theme, Url = Base }]);
        var fabrikam = await PortalFixture.TenantPathAsync(page, "Fabrikam");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-tenants");
        // A sync run in progress, so the batches page shows its "Runs in progress" table too; abandoned after.
        using var api = new HttpClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", "development-bootstrap-key-not-for-production");
        var runs = $"{Base}/api/{fabrikam.TrimStart('/')}/sync/runs";
        var opened = await api.PostAsJsonAsync(runs, new { mode = "full" });
        Assert.True(opened.IsSuccessStatusCode, await opened.Content.ReadAsStringAsync());
        var run = opened.Headers.Location!.OriginalString;
        var paged = await api.PostAsJsonAsync($"{Base}{run}/pages", new
        {
            objects = new[] { new { objectType = "user", sourceAnchor = $"run-{theme}", displayName = "Paged One", userPrincipalName = $"paged.{theme}@fabrikam.com" } },
        });
        Assert.True(paged.IsSuccessStatusCode, await paged.Content.ReadAsStringAsync());
        // A sync client's report, so the dashboard shows its panel filled in.
        var reported = await api.PostAsJsonAsync($"{Base}/api/{fabrikam.TrimStart('/')}/sync/client", new
        {
            synchronizationClientVersion = "AdminPortal.SyncAgent 1.0.0", synchronizationInterval = "PT30M", anchorAttribute = "mS-DS-ConsistencyGuid",
            currentExportData = new { clientMachineName = "FAB-SYNC01", serviceAccount = "svc-sync@fabrikam.com", successfulObjectsProvisioningCount = 12, totalConnectorSpaceObjects = 240 },
        });
        Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        // The 20th feature on for the pages' time, so the dashboard shows its warning; off again after.
        var settings = $"{Base}/graph/{fabrikam.Split('/')[^1]}/v1.0/directory/onPremisesSynchronization/{fabrikam.Split('/')[^1]}";
        Assert.True((await api.PatchAsJsonAsync(settings, new { features = new { allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled = true } })).IsSuccessStatusCode);
        foreach (var (name, path) in new[]
        {
            ("dashboard", ""), ("features", "/features"), ("conflicts", "/conflicts"), ("match-history", "/match-history?Outcome=Failed"),
            ("objects", "/objects"), ("batches", "/batches"), ("audit", "/audit"), ("dry-run", "/dry-run"),
        })
        {
            await page.GotoLiveAsync(Base + fabrikam + path);
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync($"{theme}-{name}");
        }
        Assert.True((await api.DeleteAsync($"{Base}{run}")).IsSuccessStatusCode);
        Assert.True((await api.PatchAsJsonAsync(settings, new { features = new { allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled = false } })).IsSuccessStatusCode);

        // A synced user: the admin reads what converting it does, converts it to cloud management in the page, then gives it back.
        var graph = $"{Base}/graph/{fabrikam.Split('/')[^1]}";
        var users = await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"{graph}/v1.0/users?$filter=onPremisesSyncEnabled eq true&$top=1");
        var synced = users!["value"]![0]!["id"]!.GetValue<string>();
        await page.GotoLiveAsync($"{Base}{fabrikam}/objects/{synced}");
        await page.ClickAsync("[data-action='convert-to-cloud']");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("no longer applied");
        await page.AssertAccessibleAsync();
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator("#authority")).ToContainTextAsync("Source of authority: the cloud.");
        Assert.True((await api.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"{graph}/beta/users/{synced}/onPremisesSyncBehavior"))!["isCloudManaged"]!.GetValue<bool>());
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-object-cloud-managed");
        await page.ClickAsync("[data-action='return-to-sync-client']");
        await page.ClickAsync("#confirm");
        await Assertions.Expect(page.Locator("#authority")).ToContainTextAsync("Source of authority: on premises.");
        await page.GotoLiveAsync(Base + fabrikam + "/batches");
        await page.Locator(".mud-main-content tbody a").First.ClickAsync();
        await page.WaitForLiveAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-batch");

        // The pre-flight of an AD export as ldifde writes it: findings by class, the what-if, a fix typed in.
        await page.GotoLiveAsync(Base + fabrikam + "/preflight");
        await page.Locator("input[type=file][accept^='.ldf']").UploadAsync(new FilePayload { Name = "export.ldf", MimeType = "application/octet-stream", Buffer = System.Text.Encoding.UTF8.GetBytes(LdifExport()) });
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("5 entries read");
        await Assertions.Expect(page.Locator("[data-class='TopLevelDomain']")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-preflight");
        // The findings as CSV: composed by the circuit, saved by the browser through the portal's script (app.js).
        var csv = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#findings-csv"));
        Assert.Equal("preflight-findings-export.csv", csv.SuggestedFilename);
        Assert.Contains("TopLevelDomain", await File.ReadAllTextAsync((await csv.PathAsync())!));
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new System.Text.RegularExpressions.Regex("^What-if") }).ClickAsync();
        await Assertions.Expect(page.Locator("#what-if")).ToContainTextAsync("CN=Dana Local");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-preflight-what-if");

        // A conflict's detail, from its value in the grid: its status, advice and the resolutions it offers.
        await page.GotoLiveAsync(Base + fabrikam + "/conflicts");
        await page.Locator(".mud-main-content tbody a").First.ClickAsync();
        await page.WaitForLiveAsync();
        await Assertions.Expect(page.GetByText("Resolve", new() { Exact = true })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-conflict-detail");

        // Contoso's demo holds an export that would delete every user: its review, from the dashboard's link.
        await page.GotoLiveAsync(Base + await PortalFixture.TenantPathAsync(page, "Contoso"));
        await page.Locator("[data-review] a").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-main-content tbody tr").First).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-deletion-review");

        // A key issued on the page and copied with its button (the portal's script): the clipboard holds the key shown,
        // and the API takes it.
        await page.GotoLiveAsync(Base + "/access-keys");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Base });
        await page.GetByLabel("Name (who uses it)").FillAsync($"walkthrough {theme}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#issued-secret")).Not.ToBeEmptyAsync();
        var secret = (await page.Locator("#issued-secret").TextContentAsync())!.Trim();
        await page.ClickAsync("#copy-secret");
        await Assertions.Expect(page.GetByText("Copied to the clipboard.")).ToBeVisibleAsync();
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        using (var keyed = new HttpClient { DefaultRequestHeaders = { Authorization = new("Bearer", secret) } })
            Assert.Equal(System.Net.HttpStatusCode.OK, (await keyed.GetAsync(Base + "/api/tenants")).StatusCode);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync($"{theme}-access-keys");

        // Before sign-in there is no theme cookie: the static page follows the system's scheme, checked in each.
        var anonymous = await (await fixture.Browser.Instance.NewContextAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light })).NewPageAsync();
        await anonymous.GotoAsync(Base + "/signin/dev");
        await anonymous.AssertAccessibleAsync();
        await anonymous.ScreenshotAsync($"{theme}-signin");
    }

    /// <summary>A small export as ldifde -f writes it: CRLF, base64 GUIDs, a folded DN; each of its entries shows one thing on the page.</summary>
    private static string LdifExport()
    {
        static string Entry(string cn, string attributes) =>
            $"dn: CN={cn},OU=Sales,DC=fabrikam,DC=net\r\nchangetype: add\r\nobjectClass: top\r\nobjectClass: user\r\ncn: {cn}\r\n" +
            $"objectGUID:: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}\r\n{attributes}\r\n";
        return "version: 1\r\n\r\n" + string.Join("\r\n",
            Entry("Erin Clean", "displayName: Erin Clean\r\nuserPrincipalName: erin.clean@fabrikam.net\r\nmail: erin.clean@fabrikam.net\r\n"),
            Entry("Dana Local", "displayName: Dana Local\r\nuserPrincipalName: dana@fabrikam.local\r\nmail: shared@fabrikam.net\r\n"),
            Entry("Sam Shared", "displayName: Sam Shared\r\nuserPrincipalName: sam shared@fabrikam.net\r\nmail: SHARED@fabrikam.net\r\n"),
            Entry("No Upn", "displayName: No Upn\r\n"),
            "dn: CN=WS-042,OU=Computers,DC=fabrikam,DC=net\r\nobjectClass: computer\r\ncn: WS-042\r\nsAMAccountName: WS-042$\r\n");
    }
}
