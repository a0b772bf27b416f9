using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Components.Pages.Features;
using AdminPortal.Web.Security;
using Bunit;

namespace AdminPortal.Web.Tests.Components;

public class FeaturesPageTests : PortalComponentTest
{
    private static AngleSharp.Dom.IElement Row(IRenderedComponent<FeaturesPage> page, string graphName) =>
        page.Find($"[data-feature='{graphName}']");

    [Fact]
    public async Task An_admin_enables_a_one_way_feature_through_the_preview_dialog_with_its_name_typed_and_finds_no_way_back()
    {
        var tenant = await EmptyTenantAsync(createdYear: 2015);
        await PushAsync(tenant, UserObject("a1", "ann@tailspin.com", "SMTP:ann@tailspin.com"));
        User.SignIn(Roles.Admin);
        var dialogs = Providers();
        var page = Ctx.Render<FeaturesPage>(p => p.Add(x => x.TenantId, tenant));

        Row(page, "softMatchOnUpnEnabled").QuerySelector("button")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("This cannot be undone", dialogs.Markup));
        Assert.Contains("What enabling will change", dialogs.Markup);
        var confirm = () => dialogs.Find("#confirm");
        Assert.True(confirm().HasAttribute("disabled"));
        dialogs.Find("#confirmation").Input("yes please");
        Assert.True(confirm().HasAttribute("disabled"));
        dialogs.Find("#confirmation").Input("EnableSoftMatchOnUpn");
        dialogs.WaitForAssertion(() => Assert.False(confirm().HasAttribute("disabled")));
        confirm().Click();

        page.WaitForAssertion(() => Assert.Contains("On for good", Row(page, "softMatchOnUpnEnabled").TextContent));
        Assert.Empty(Row(page, "softMatchOnUpnEnabled").QuerySelectorAll("button"));
        Assert.Contains("Enabled by alice", Row(page, "softMatchOnUpnEnabled").TextContent);
        var stored = await Service<TenantService>().GetAsync(tenant, default);
        Assert.True(stored.Features.IsEnabled(DirSyncFeature.EnableSoftMatchOnUpn));
    }

    [Fact]
    public async Task Cancelling_the_dialog_changes_nothing()
    {
        var tenant = await EmptyTenantAsync(createdYear: 2015);
        User.SignIn(Roles.Admin);
        var dialogs = Providers();
        var page = Ctx.Render<FeaturesPage>(p => p.Add(x => x.TenantId, tenant));
        Row(page, "softMatchOnUpnEnabled").QuerySelector("button")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("This cannot be undone", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("This cannot be undone", dialogs.Markup));
        Assert.False((await Service<TenantService>().GetAsync(tenant, default)).Features.IsEnabled(DirSyncFeature.EnableSoftMatchOnUpn));
    }

    [Fact]
    public async Task A_reversible_feature_is_set_to_the_state_the_admin_confirmed()
    {
        var tenant = await EmptyTenantAsync(createdYear: 2015);
        User.SignIn(Roles.Admin);
        var dialogs = Providers();
        var page = Ctx.Render<FeaturesPage>(p => p.Add(x => x.TenantId, tenant));
        var reversible = FeatureCatalog.All.First(d => d.Kind == FeatureKind.SettableReversible);
        var before = (await Service<TenantService>().GetAsync(tenant, default)).Features.IsEnabled(reversible.Feature);

        Row(page, reversible.GraphName).QuerySelector("button")!.Click();
        dialogs.WaitForAssertion(() => Assert.Contains(before ? "Turn off" : "Turn on", dialogs.Find("#confirm").TextContent));
        dialogs.Find("#confirm").Click();

        page.WaitForAssertion(() => Assert.Contains(before ? "Off" : "On", Row(page, reversible.GraphName).QuerySelector(".mud-chip")!.TextContent));
        Assert.Equal(!before, (await Service<TenantService>().GetAsync(tenant, default)).Features.IsEnabled(reversible.Feature));
    }

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Operator)]
    public async Task Below_admin_every_feature_is_shown_and_none_offers_a_control(string role)
    {
        var tenant = await EmptyTenantAsync(createdYear: 2015);
        User.SignIn(role);
        var page = Ctx.Render<FeaturesPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Equal(FeatureCatalog.All.Count, page.FindAll("[data-feature]").Count));
        Assert.Empty(page.FindAll("[data-feature] button"));
    }

    [Fact]
    public async Task A_role_lost_while_the_page_is_open_refuses_the_action_at_the_moment_it_runs()
    {
        var tenant = await EmptyTenantAsync(createdYear: 2015);
        User.SignIn(Roles.Admin);
        var dialogs = Providers();
        var page = Ctx.Render<FeaturesPage>(p => p.Add(x => x.TenantId, tenant));
        Row(page, "softMatchOnUpnEnabled").QuerySelector("button")!.Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirmation"));
        User.SignIn(Roles.Reader);
        dialogs.Find("#confirmation").Input("EnableSoftMatchOnUpn");
        dialogs.Find("#confirm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("needs the Portal.Admin role", dialogs.Markup));
        Assert.False((await Service<TenantService>().GetAsync(tenant, default)).Features.IsEnabled(DirSyncFeature.EnableSoftMatchOnUpn));
    }

    [Fact]
    public async Task Features_the_sync_client_reported_are_read_only_and_say_who_reported_them_and_when()
    {
        var tenant = await EmptyTenantAsync();
        await Service<FeatureService>().ReportBySyncClientAsync(tenant, new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.PasswordSync] = true }, "AAD Connect (dc01)", default);
        User.SignIn(Roles.Admin);
        var page = Ctx.Render<FeaturesPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("Reported on by AAD Connect (dc01)", Row(page, "passwordSyncEnabled").TextContent));
        Assert.Empty(Row(page, "passwordSyncEnabled").QuerySelectorAll("button"));
    }
}
