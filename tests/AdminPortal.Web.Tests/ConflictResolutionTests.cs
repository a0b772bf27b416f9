using System.Net;
using System.Net.Http.Json;
using AdminPortal.Web.Security;
using AngleSharp.Html.Dom;

namespace AdminPortal.Web.Tests;

/// <summary>Working a conflict in the portal as an operator: see it, remove the value from the cloud-only holder, run fix-up.</summary>
public class ConflictResolutionTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    private async Task<string> TenantWithCloudHolderAsync()
    {
        var admin = factory.CreateClient().WithBootstrapKey();
        var tenant = await Api.CreateTenantAsync(admin, "r" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await admin.PostAsJsonAsync($"/graph/{tenant}/v1.0/groups",
            new { displayName = "Old sales list", mailEnabled = true, mail = "sales@contoso.com", proxyAddresses = new[] { "smtp:old-sales@contoso.com" } }));
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("s1", "sam@contoso.com", "SMTP:sam@contoso.com", "smtp:sales@contoso.com")));
        return tenant;
    }

    private Task<HttpClient> SignInAsync(string role) => factory.SignInAsync(role, role.Replace("Portal.", "").ToLowerInvariant());

    private static async Task<(string Url, IHtmlDocument Page)> DetailAsync(HttpClient browser, string tenant)
    {
        var list = await Forms.GetPageAsync(browser, $"/tenants/{tenant}/conflicts");
        var row = list.QuerySelectorAll("tbody tr").Single();
        Assert.Contains("Not started", row.TextContent);
        Assert.Equal(list.QuerySelectorAll("thead th").Length, row.QuerySelectorAll("td").Length);
        var url = row.QuerySelector("a.btn")!.GetAttribute("href")!;
        return (url, await Forms.GetPageAsync(browser, url));
    }

    private static async Task<int> OpenConflictsAsync(HttpClient browser, string tenant)
    {
        var dashboard = await Forms.GetPageAsync(browser, $"/tenants/{tenant}");
        return int.Parse(dashboard.QuerySelectorAll(".ap-stat").First(t => t.TextContent.Contains("Open conflicts")).QuerySelector(".ap-stat-value")!.TextContent);
    }

    [Fact]
    public async Task An_operator_removes_the_value_from_the_cloud_only_holder_and_fixup_clears_the_conflict()
    {
        var tenant = await TenantWithCloudHolderAsync();
        var browser = await SignInAsync(Roles.Operator);
        Assert.Equal(1, await OpenConflictsAsync(browser, tenant));
        var (url, page) = await DetailAsync(browser, tenant);
        Assert.Equal(2, page.QuerySelectorAll(".card .card-header").Length);
        Assert.Contains("Takes smtp:sales@contoso.com off", page.Body!.TextContent);

        var removed = await Forms.SubmitAsync(browser, page, "form#resolve", url, ("ChosenAction", "remove-value"));
        var after = await removed.Content.ReadAsStringAsync();
        Assert.Contains("Pending sync", after);
        Assert.Equal(1, await OpenConflictsAsync(browser, tenant));

        var fixup = await Forms.SubmitAsync(browser, await Forms.GetPageAsync(browser, url), "form#resolve", url, ("ChosenAction", "fixup"));
        Assert.Contains("The conflict is closed", await fixup.Content.ReadAsStringAsync());
        Assert.Equal(0, await OpenConflictsAsync(browser, tenant));
        var audit = await Forms.GetPageAsync(browser, $"/tenants/{tenant}/audit");
        Assert.Contains("object.update", audit.Body!.TextContent);
        Assert.Contains("fixup.run", audit.Body!.TextContent);
    }

    [Fact]
    public async Task Two_operators_on_one_conflict_cannot_both_apply_the_second_is_told()
    {
        var tenant = await TenantWithCloudHolderAsync();
        var first = await SignInAsync(Roles.Operator);
        var second = await SignInAsync(Roles.Admin);
        var (url, firstPage) = await DetailAsync(first, tenant);
        var (_, secondPage) = await DetailAsync(second, tenant);
        await Forms.SubmitAsync(first, firstPage, "form#resolve", url, ("ChosenAction", "delete-holder"));
        var late = await Forms.SubmitAsync(second, secondPage, "form#resolve", url, ("ChosenAction", "remove-value"));
        var text = await late.Content.ReadAsStringAsync();
        Assert.True(text.Contains("does not apply to this conflict as it stands now") || text.Contains("changed these objects meanwhile"), text);
    }

    [Fact]
    public async Task A_reader_sees_the_conflict_but_a_forged_action_changes_nothing()
    {
        var tenant = await TenantWithCloudHolderAsync();
        var operatorBrowser = await SignInAsync(Roles.Operator);
        var (url, operatorPage) = await DetailAsync(operatorBrowser, tenant);
        var reader = await SignInAsync(Roles.Reader);
        var (_, readerPage) = await DetailAsync(reader, tenant);
        Assert.Null(readerPage.QuerySelector("form#resolve"));
        // The reader replays the operator's form with its own session.
        var fields = operatorPage.QuerySelector("form#resolve")!.QuerySelectorAll("input").OfType<IHtmlInputElement>()
            .Where(i => i.Name != "__RequestVerificationToken").Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        fields.Add(new("ChosenAction", "remove-value"));
        var token = readerPage.QuerySelector("header form input[name=__RequestVerificationToken]") as IHtmlInputElement;
        fields.Add(new("__RequestVerificationToken", token!.Value));
        var forged = await reader.PostAsync(url, new FormUrlEncodedContent(fields));
        var text = await forged.Content.ReadAsStringAsync();
        Assert.True(forged.StatusCode == HttpStatusCode.BadRequest || text.Contains("needs the Portal.Operator role"), $"{(int)forged.StatusCode} {text[..Math.Min(300, text.Length)]}");
        Assert.Equal(1, await OpenConflictsAsync(reader, tenant));
    }

    [Fact]
    public async Task Selected_conflicts_are_marked_to_be_fixed_at_source_in_bulk_with_a_note()
    {
        var tenant = await TenantWithCloudHolderAsync();
        var browser = await SignInAsync(Roles.Operator);
        var list = await Forms.GetPageAsync(browser, $"/tenants/{tenant}/conflicts");
        var key = (list.QuerySelector("input[name=Selected]") as IHtmlInputElement)!.Value;
        var response = await Forms.SubmitAsync(browser, list, "form#bulk", $"/tenants/{tenant}/conflicts", ("Selected", key), ("BulkNote", "Helpdesk removes the alias on premises"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Marked 1 conflict(s)", html);
        Assert.Contains("Manual fix required", html);
        var (_, detail) = (0, await Forms.GetPageAsync(browser, list.QuerySelector("tbody a.btn")!.GetAttribute("href")!));
        Assert.Contains("Helpdesk removes the alias on premises", detail.Body!.TextContent);
        var api = await Api.OkJsonAsync(await factory.CreateClient().WithBootstrapKey().GetAsync($"/api/tenants/{tenant}/conflicts?status=ManualFixRequired"));
        Assert.Single(api["value"]!.AsArray());
    }

    [Fact]
    public async Task The_filtered_conflict_list_exports_as_csv_with_the_holder()
    {
        var tenant = await TenantWithCloudHolderAsync();
        var browser = await SignInAsync(Roles.Reader);
        var response = await browser.GetAsync($"/tenants/{tenant}/conflicts.csv?property=ProxyAddress");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.StartsWith("value,attribute,", lines[0]);
        var fields = lines[1].Split(',');
        Assert.Equal(["smtp:sales@contoso.com", "ProxyAddress"], fields[..2]);
        Assert.Contains("Old sales list", lines[1]);
        Assert.Equal(2, (await (await browser.GetAsync($"/tenants/{tenant}/conflicts.csv?property=UserPrincipalName")).Content.ReadAsStringAsync()).Split('\n').Length);
    }
}
