using Microsoft.Playwright;

namespace AdminPortal.E2E;

/// <summary>The portal walked as an admin would, in the real browser, against the running app with its demo tenants.</summary>
[Collection(PortalCollection.Name)]
public class AdminWalkthrough(PortalFixture fixture)
{
    private string Base => fixture.Portal.BaseUrl;

    [Fact]
    public async Task An_admin_enables_a_one_way_feature_through_the_preview_and_typed_confirmation_and_finds_no_way_back()
    {
        var page = await fixture.SignedInAsync();
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoAsync(Base + contoso + "/features");
        var row = page.Locator(".list-group-item", new PageLocatorOptions { HasText = "quarantineUponProxyAddressesConflictEnabled" });
        await row.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Preview and enable…" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-heading")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("Pradeep Gupta");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("enable-preview");

        await page.FillAsync("#confirmation", "yes");
        await page.ClickAsync("form#change-feature button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-danger")).ToContainTextAsync("does not match");
        await page.FillAsync("#confirmation", "DuplicateProxyAddressResiliency");
        await page.ClickAsync("form#change-feature button[type=submit]");
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("DuplicateProxyAddressResiliency is now on");

        row = page.Locator(".list-group-item", new PageLocatorOptions { HasText = "quarantineUponProxyAddressesConflictEnabled" });
        await Assertions.Expect(row).ToContainTextAsync("On for good");
        await Assertions.Expect(row).ToContainTextAsync("Enabled by e2e-admin");
        Assert.Equal(0, await row.Locator("a, button").CountAsync());
        await page.GotoAsync(Base + contoso + "/features/quarantineUponProxyAddressesConflictEnabled/enable");
        await Assertions.Expect(page.Locator("form#change-feature")).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("feature-on-for-good");
    }

    [Fact]
    public async Task An_operator_resolves_a_conflict_and_watches_it_leave_the_dashboard_after_fixup()
    {
        var page = await fixture.SignedInAsync("Portal.Operator", "e2e-operator");
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoAsync(Base + contoso);
        var open = page.Locator(".ap-stat", new PageLocatorOptions { HasText = "Open conflicts" }).Locator(".ap-stat-value");
        var before = int.Parse(await open.InnerTextAsync());

        await page.GotoAsync(Base + contoso + "/conflicts?search=lee.gu");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Details" }).ClickAsync();
        await Assertions.Expect(page.Locator(".badge", new PageLocatorOptions { HasText = "Not started" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("conflict-detail");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete the cloud-only object" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-success")).ToContainTextAsync("Deleted the cloud-only user");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Run fix-up" }).ClickAsync();
        await Assertions.Expect(page.Locator(".alert-info")).ToContainTextAsync("The conflict is closed");

        await page.GotoAsync(Base + contoso);
        Assert.Equal(before - 1, int.Parse(await open.InnerTextAsync()));
        await page.ScreenshotAsync("dashboard-after-fixup");
    }

    [Fact]
    public async Task An_admin_opens_an_objects_match_history()
    {
        var page = await fixture.SignedInAsync();
        var contoso = await PortalFixture.TenantPathAsync(page, "Contoso");
        await page.GotoAsync(Base + contoso + "/objects?q=Megan");
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Megan Bowen", Exact = true }).ClickAsync();
        var timeline = page.Locator("li.card");
        await Assertions.Expect(timeline.First).ToContainTextAsync("SoftMatchSmtp");
        await Assertions.Expect(timeline.First).ToContainTextAsync("Features in force");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("match-history");
    }

    [Fact]
    public async Task An_admin_exports_the_conflict_list_as_csv_and_reads_it()
    {
        var page = await fixture.SignedInAsync();
        var fabrikam = await PortalFixture.TenantPathAsync(page, "Fabrikam");
        await page.GotoAsync(Base + fabrikam + "/conflicts");
        var rows = await page.Locator("tbody tr").CountAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "CSV" }).ClickAsync());
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
    public async Task Every_page_passes_an_accessibility_check()
    {
        var page = await fixture.SignedInAsync();
        var fabrikam = await PortalFixture.TenantPathAsync(page, "Fabrikam");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("tenants");
        foreach (var (name, path) in new[]
        {
            ("dashboard", ""), ("features", "/features"), ("enable-block-soft-match", "/features/blockSoftMatchEnabled/enable"),
            ("conflicts-list", "/conflicts"), ("match-history", "/match-history?outcome=Failed"), ("objects", "/objects"), ("batches", "/batches"), ("audit", "/audit"),
        })
        {
            await page.GotoAsync(Base + fabrikam + path);
            await page.AssertAccessibleAsync();
            await page.ScreenshotAsync("page-" + name);
        }
        await page.GotoAsync(Base + fabrikam + "/batches");
        await page.Locator("tbody a").First.ClickAsync();
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("page-batch");

        await page.GotoAsync(Base + "/access-keys");
        await page.AssertAccessibleAsync();
        await page.ScreenshotAsync("page-access-keys");

        var anonymous = await (await fixture.Browser.Instance.NewContextAsync()).NewPageAsync();
        await anonymous.GotoAsync(Base + "/signin/dev");
        await anonymous.AssertAccessibleAsync();
        await anonymous.ScreenshotAsync("page-signin");
    }
}
