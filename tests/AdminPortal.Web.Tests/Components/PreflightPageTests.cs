using AdminPortal.Data.Queries;
using AdminPortal.Web.Components.Pages.Preflight;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminPortal.Web.Tests.Components;

/// <summary>The portal's pre-flight: an uploaded AD export mapped, checked and decided against the tenant; fixes chosen, re-run, written out; applied by an admin.</summary>
public class PreflightPageTests : PortalComponentTest
{
    private static string Anchor(int i) => Convert.ToBase64String(new Guid(i, 0, 0, new byte[8]).ToByteArray());

    private static string Entry(int i, string cn, string attributes) =>
        $"dn: CN={cn},OU=Staff,DC=tailspin,DC=com\nobjectClass: top\nobjectClass: user\ncn: {cn}\ndisplayName: {cn}\nobjectGUID:: {Anchor(i)}\n{attributes}\n";

    /// <summary>Joe (already synced), Ann under .local, Max without a UPN, and the krbtgt account.</summary>
    private static readonly string Export = string.Join("\n",
        Entry(1, "Joe", "userPrincipalName: joe@tailspin.com\nproxyAddresses: SMTP:joe@tailspin.com"),
        Entry(2, "Ann", "userPrincipalName: ann@tailspin.local"),
        Entry(3, "Max", ""),
        Entry(4, "krbtgt", "sAMAccountName: krbtgt"));

    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent>? dialogs;

    private IRenderedComponent<PreflightPage> Upload(Guid tenant, string text, string name = "export.ldf")
    {
        dialogs = Providers();
        var page = Ctx.Render<PreflightPage>(p => p.Add(x => x.TenantId, tenant));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(text, name));
        return page;
    }

    private async Task<Guid> TenantWithJoeAsync()
    {
        var tenant = await EmptyTenantAsync();
        await PushAsync(tenant, UserObject(Anchor(1), "joe@tailspin.com", "SMTP:joe@tailspin.com"));
        return tenant;
    }

    [Fact]
    public async Task An_operator_sees_the_findings_by_class_and_what_the_tenant_would_do_and_nothing_is_written()
    {
        var tenant = await TenantWithJoeAsync();
        var before = await StoredStateAsync(tenant);
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, Export);
        page.WaitForAssertion(() => Assert.Contains("4 entries read", page.Find("#summary").TextContent));
        Assert.Contains("1 skipped, 1 left out", page.Find("#summary").TextContent);
        Assert.Equal("1", page.Find("[data-stat='Created']").TextContent.Trim());
        Assert.Equal("1", page.Find("[data-stat='Updated']").TextContent.Trim());
        Assert.Contains("1", page.Find("[data-class='TopLevelDomain']").TextContent);
        Assert.Contains("1", page.Find("[data-class='AdminPortal']").TextContent);
        var findings = page.Find("#findings").TextContent;
        Assert.Contains("ann@tailspin.local", findings);
        Assert.Contains("userPrincipalName is required for a user", findings);
        // An operator may look and fix at the source; applying is an admin's.
        Assert.Empty(page.FindAll("#apply"));
        Assert.Equal(before, await StoredStateAsync(tenant));
    }

    [Fact]
    public async Task The_what_if_names_each_object_by_its_dn_with_the_upn_it_would_get()
    {
        var tenant = await TenantWithJoeAsync();
        // Synced before from an OU the export no longer holds: the full export would delete it.
        await PushAsync(tenant, UserObject(Anchor(9), "old@tailspin.com") with { OnPremisesDistinguishedName = "CN=Old,OU=Leavers,DC=tailspin,DC=com" });
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, Export);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#summary")));
        page.FindAll(".mud-tab")[1].Click();
        page.WaitForAssertion(() => Assert.Contains("CN=Ann,OU=Staff,DC=tailspin,DC=com", page.Find("#what-if").TextContent));
        var ann = page.FindAll("#what-if tbody tr").Single(r => r.TextContent.Contains("CN=Ann"));
        Assert.Contains("Created", ann.TextContent);
        Assert.Contains("@tailspin.onmicrosoft.com", ann.TextContent);
        var joe = page.FindAll("#what-if tbody tr").Single(r => r.TextContent.Contains("CN=Joe"));
        Assert.NotNull(joe.QuerySelector("a[href*='/objects/']"));
        var old = page.FindAll("#what-if tbody tr").Single(r => r.TextContent.Contains("CN=Old,OU=Leavers,DC=tailspin,DC=com"));
        Assert.Contains("synced before, not in the file", old.TextContent);
        Assert.Contains("Deleted", old.TextContent);
    }

    [Fact]
    public async Task A_fix_accepted_then_rerun_changes_the_what_if_and_writes_nothing()
    {
        var tenant = await TenantWithJoeAsync();
        var before = await StoredStateAsync(tenant);
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, Export);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#findings")));
        var row = page.FindAll("#findings tbody tr").Single(r => r.TextContent.Contains("ann@tailspin.local"));
        row.QuerySelector("input[type=text]")!.Change("ann@tailspin.com");
        page.WaitForAssertion(() => Assert.Contains("1 values to change", page.Find("#actions").TextContent));
        page.Find("#rerun").Click();
        page.WaitForAssertion(() => Assert.Contains("with 1 fixes applied", page.Find("#summary").TextContent));
        Assert.Empty(page.FindAll("[data-class='TopLevelDomain']"));
        Assert.Equal(before, await StoredStateAsync(tenant));
    }

    [Fact]
    public async Task The_change_and_undo_files_are_handed_to_the_browser()
    {
        var tenant = await TenantWithJoeAsync();
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, Export);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#findings")));
        page.FindAll("#findings tbody tr").Single(r => r.TextContent.Contains("ann@tailspin.local")).QuerySelector("input[type=text]")!.Change("ann@tailspin.com");
        page.Find("#change-file").Click();
        page.WaitForAssertion(() => Assert.Equal(2, Ctx.JSInterop.Invocations["adminPortal.download"].Count));
        var files = Ctx.JSInterop.Invocations["adminPortal.download"].ToDictionary(i => (string)i.Arguments[0]!, i => (string)i.Arguments[2]!);
        Assert.Contains("dn: CN=Ann,OU=Staff,DC=tailspin,DC=com\nchangetype: modify\nreplace: userPrincipalName\nuserPrincipalName: ann@tailspin.com\n-\n", files["export-fixes.ldf"]);
        Assert.Contains("userPrincipalName: ann@tailspin.local\n", files["export-undo.ldf"]);
    }

    [Fact]
    public async Task An_admin_applies_the_export_after_a_confirmation_that_states_the_counts()
    {
        var tenant = await TenantWithJoeAsync();
        User.SignIn(Roles.Admin);
        var page = Upload(tenant, Export);
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#apply")));
        page.Find("#apply").Click();
        var shown = dialogs!;
        shown.WaitForAssertion(() => Assert.Contains("1 created, 0 matched, 1 updated, 0 deleted", shown.Find(".mud-dialog").TextContent));
        shown.Find("#confirm").Click();
        await page.WaitForAssertionAsync(async () => Assert.Equal(2, (await Service<BatchQueries>().ListAsync(tenant, 0, 100, default)).Items.Count));
        var users = (await Service<DirectoryQueries>().SearchAsync(tenant, null, null, 100, null, default)).Items.Select(o => o.DisplayName).Order();
        Assert.Equal(["Ann", "Joe"], users);
    }

    [Theory]
    [InlineData("dn: CN=A,DC=c\nobjectGUID:: !!!\n", "export.ldf", "line 2")]
    [InlineData("DN,cn\n\"CN=A,DC=c\",A,B\n", "export.csv", "row 2")]
    [InlineData("{ \"objects\": [] }", "export.json", "neither an LDIF file")]
    public async Task A_file_that_cannot_be_read_is_refused_in_one_line_naming_where(string text, string name, string expected)
    {
        var tenant = await TenantWithJoeAsync();
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, text, name);
        page.WaitForAssertion(() => Assert.Contains(expected, page.Find("#problems").TextContent));
        Assert.Empty(page.FindAll("#summary"));
    }

    [Fact]
    public async Task A_reader_who_reaches_the_upload_is_refused()
    {
        var tenant = await TenantWithJoeAsync();
        User.SignIn(Roles.Reader);
        var page = Upload(tenant, Export);
        page.WaitForAssertion(() => Assert.Contains("Operator", page.Find("#problems").TextContent));
        Assert.Empty(page.FindAll("#summary"));
    }

    [Fact]
    public async Task An_admin_loads_a_tenants_cloud_side_from_graph_pages_and_the_what_if_runs_against_it()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Admin);
        dialogs = Providers();
        var page = Ctx.Render<PreflightPage>(p => p.Add(x => x.TenantId, tenant));
        var users = """
            { "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [
              { "id": "11111111-0000-0000-0000-000000000009", "displayName": "Ann (cloud)", "userPrincipalName": "ann@tailspin.onmicrosoft.com",
                "mail": "ann@tailspin.com", "proxyAddresses": ["SMTP:ann@tailspin.com"], "onPremisesImmutableId": null, "onPremisesSyncEnabled": null } ] }
            """;
        page.FindComponents<InputFile>()[1].UploadFiles(InputFileContent.CreateFromText(users, "users.json"));
        page.WaitForAssertion(() => Assert.Single((Service<DirectoryQueries>().SearchAsync(tenant, null, null, 100, null, default).GetAwaiter().GetResult()).Items));
        page.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromText(
            Entry(7, "Ann", "userPrincipalName: ann@tailspin.com\nproxyAddresses: SMTP:ann@tailspin.com"), "export.ldf"));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-stat='Matched']").TextContent.Trim()));
    }

    [Fact]
    public async Task An_operator_is_not_offered_to_load_a_cloud_side()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Operator);
        var page = Ctx.Render<PreflightPage>(p => p.Add(x => x.TenantId, tenant));
        Assert.Empty(page.FindAll("#cloud-side"));
        Assert.Single(page.FindComponents<InputFile>());
    }
}
