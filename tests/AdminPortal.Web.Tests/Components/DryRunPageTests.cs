using System.Text.Json;
using AdminPortal.SyncRules.Features;
using AdminPortal.Web.Components.Pages.DryRun;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;

namespace AdminPortal.Web.Tests.Components;

/// <summary>The portal's dry run: an uploaded export runs through the whole engine, is shown as a batch would be, and writes nothing.</summary>
public class DryRunPageTests : PortalComponentTest
{
    private static string Export(string mode, int count, int from = 0) => JsonSerializer.Serialize(new
    {
        mode,
        objects = Enumerable.Range(from, count).Select(i => new { objectType = "user", sourceAnchor = $"u{i}", displayName = $"User {i}", userPrincipalName = $"u{i}@tailspin.com",
            proxyAddresses = new[] { $"SMTP:u{i}@tailspin.com", "smtp:shared@tailspin.com" } }),
    });

    private IRenderedComponent<DryRunPage> Upload(Guid tenant, string json)
    {
        var page = Ctx.Render<DryRunPage>(p => p.Add(x => x.TenantId, tenant));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(json, "export.json"));
        return page;
    }

    [Fact]
    public async Task An_operator_sees_what_an_uploaded_export_would_do_and_nothing_is_written()
    {
        var tenant = await EmptyTenantAsync();
        await PushAsync(tenant, UserObject("u0", "u0@tailspin.com", "SMTP:u0@tailspin.com"));
        var before = await StoredStateAsync(tenant);
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, Export("delta", 3));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count(r => r.QuerySelectorAll("td").Length == 6)));
        Assert.Equal("2", page.Find("[data-stat='Created']").TextContent.Trim());
        Assert.Equal("1", page.Find("[data-stat='Updated']").TextContent.Trim());
        // All three bring smtp:shared: u0 (already synced) takes it, u1 and u2 would have it quarantined; synced 1 -> 3.
        var impact = page.Find("#impact").TextContent;
        Assert.Contains("+2 values quarantined", impact);
        Assert.Equal(["1", "3"], page.FindAll("#impact tbody tr")[0].QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Contains("would let it through", page.Find("#guard").TextContent);
        Assert.Equal(before, await StoredStateAsync(tenant));
    }

    [Fact]
    public async Task An_export_over_the_deletion_threshold_is_shown_as_one_that_would_be_held_and_none_is_held()
    {
        var tenant = await EmptyTenantAsync();
        await Service<FeatureService>().SetDeletionPreventionAsync(tenant, AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, 2), "test", default);
        await PushAsync(tenant, Enumerable.Range(0, 6).Select(i => UserObject($"u{i}", $"u{i}@tailspin.com", $"SMTP:u{i}@tailspin.com")).ToArray());
        var before = await StoredStateAsync(tenant);
        User.SignIn(Roles.Admin);
        var page = Upload(tenant, Export("full", 1));
        page.WaitForAssertion(() => Assert.Contains("held for deletion review", page.Find("#guard").TextContent));
        Assert.Equal("5", page.Find("[data-stat='Deleted']").TextContent.Trim());
        Assert.Equal(before, await StoredStateAsync(tenant));
    }

    [Theory]
    [InlineData("{ \"mode\": \"delta\", \"objects\": [ { \"objectType\": \"user\" ", "open JSON object")]
    [InlineData("{ \"mode\": \"delta\", \"objects\": [ { \"objectType\": \"user\", \"sourceAnchor\": \"x\", \"displayName\": \"X\" } ] }", "objects[0].userPrincipalName")]
    [InlineData("{ \"mode\": \"sideways\", \"objects\": [] }", "mode")]
    public async Task A_file_that_is_not_a_valid_export_is_refused_naming_what_is_wrong(string json, string field)
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Operator);
        var page = Upload(tenant, json);
        page.WaitForAssertion(() => Assert.Contains(field, page.Find("#problems").TextContent));
        Assert.Empty(page.FindAll("#impact"));
    }

    [Fact]
    public async Task A_reader_who_reaches_the_upload_is_refused()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Upload(tenant, Export("delta", 1));
        page.WaitForAssertion(() => Assert.Contains("Operator", page.Find("#problems").TextContent));
        Assert.Empty(page.FindAll("#impact"));
    }
}
