using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.Data.Queries;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.Web.Components.Pages.Conflicts;
using AdminPortal.Web.Components.Pages.Home;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Tests.Components;

/// <summary>Working conflicts in the live pages: the grid, the side-by-side detail, its confirmed actions, bulk marking.</summary>
public class ConflictPagesTests : PortalComponentTest
{
    /// <summary>A cloud-only group holds an address a synced user brings: one proxy conflict, fixable here.</summary>
    private async Task<Guid> TenantWithCloudHolderAsync()
    {
        var tenant = await EmptyTenantAsync();
        await Service<CloudDirectoryService>().CreateAsync(tenant, new NewCloudObject(ObjectType.Group, "Old sales list", Mail: "sales@tailspin.com",
            ProxyAddresses: ["smtp:old-sales@tailspin.com"]), "test", default);
        await PushAsync(tenant, UserObject("s1", "sam@tailspin.com", "SMTP:sam@tailspin.com", "smtp:sales@tailspin.com"));
        return tenant;
    }

    private IRenderedComponent<ConflictDetailPage> Detail(Guid tenant, ConflictEntry c)
    {
        var nav = Service<NavigationManager>();
        nav.NavigateTo($"/tenants/{tenant}/conflicts/detail?objectId={c.Quarantined.Id}&property={c.Property}&value={Uri.EscapeDataString(c.Value)}");
        return Ctx.Render<ConflictDetailPage>(p => p.Add(x => x.TenantId, tenant));
    }

    private async Task<ConflictEntry> OnlyConflictAsync(Guid tenant) =>
        (await Service<ConflictQueries>().ListAsync(tenant, new ConflictFilter(), 10, null, default)).Items.Single();

    [Fact]
    public async Task An_operator_removes_the_value_from_the_cloud_only_holder_after_confirming_and_fixup_closes_the_conflict()
    {
        var tenant = await TenantWithCloudHolderAsync();
        User.SignIn(Roles.Operator, "olga");
        var dialogs = Providers();
        var page = Detail(tenant, await OnlyConflictAsync(tenant));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ap-object-card").Count));
        Assert.Contains("Takes smtp:sales@tailspin.com off", page.Markup);
        Assert.NotEmpty(page.FindAll(".ap-differs"));

        page.Find("[data-action='remove-value']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Takes smtp:sales@tailspin.com off", dialogs.Find(".mud-dialog").TextContent));
        dialogs.Find("#confirm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Status is now Pending sync", dialogs.Markup));
        page.WaitForAssertion(() => Assert.Contains("Pending sync", page.Markup));

        page.Find("[data-action='fixup']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirm"));
        dialogs.Find("#confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("no longer open", page.Markup));
        Assert.Empty((await Service<ConflictQueries>().ListAsync(tenant, new ConflictFilter(), 10, null, default)).Items);
    }

    [Fact]
    public async Task An_operator_acting_on_a_conflict_that_changed_meanwhile_is_told_and_nothing_is_done()
    {
        var tenant = await TenantWithCloudHolderAsync();
        User.SignIn(Roles.Operator, "olga");
        var dialogs = Providers();
        var conflict = await OnlyConflictAsync(tenant);
        var page = Detail(tenant, conflict);
        page.WaitForAssertion(() => page.Find("[data-action='delete-holder']"));
        page.Find("[data-action='delete-holder']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirm"));
        // Another admin removes the address from the holder while the dialog is open.
        await Service<ConflictResolutionServiceAccess>().RemoveAddressAsync(tenant, conflict.Holder!.Id, conflict.Value);
        dialogs.Find("#confirm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("changed this conflict meanwhile; nothing was done", dialogs.Markup));
        Assert.Single((await Service<SyncRules.Ports.ISyncStore>().LoadObjectsAsync(tenant, [conflict.Holder.Id], default)));
    }

    [Fact]
    public async Task A_reader_sees_both_objects_and_no_action()
    {
        var tenant = await TenantWithCloudHolderAsync();
        User.SignIn(Roles.Reader);
        var page = Detail(tenant, await OnlyConflictAsync(tenant));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".ap-object-card").Count));
        Assert.Empty(page.FindAll("[data-action]"));
        Assert.Contains("needs the Portal.Operator role", page.Markup);
    }

    [Fact]
    public async Task The_grid_lists_conflicts_with_both_objects_and_marks_the_selected_ones_in_bulk_with_a_note()
    {
        var tenant = await TenantWithCloudHolderAsync();
        User.SignIn(Roles.Operator, "olga");
        var dialogs = Providers();
        Service<NavigationManager>().NavigateTo($"/tenants/{tenant}/conflicts");
        var page = Ctx.Render<ConflictsPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("smtp:sales@tailspin.com", page.Find("#conflicts-grid").TextContent));
        Assert.Contains("Old sales list", page.Find("#conflicts-grid").TextContent);
        Assert.Contains("Not started", page.Find("#conflicts-grid").TextContent);

        page.FindAll("#conflicts-grid tbody input[type=checkbox]").Single().Change(true);
        page.WaitForAssertion(() => Assert.Contains("1 selected", page.Markup));
        page.FindAll("button").Single(b => b.TextContent.Contains("Mark selected")).Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#note"));
        dialogs.Find("#note").Input("Helpdesk removes the alias on premises");
        dialogs.Find("#save-note").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Marked 1 conflict(s)", dialogs.Markup));
        var marked = await OnlyConflictAsync(tenant);
        Assert.Equal("Helpdesk removes the alias on premises", marked.FixAtSourceNote);
        Assert.Equal(ConflictStatus.ManualFixRequired, marked.Status);
        page.WaitForAssertion(() => Assert.Contains("Manual fix required", page.Find("#conflicts-grid").TextContent));
    }

    [Fact]
    public async Task The_next_page_is_read_from_the_cursor_after_the_last_row_of_the_page_shown()
    {
        var tenant = await EmptyTenantAsync();
        // 60 users bring an address a first user already holds: 60 quarantined values, more than one page of 50.
        await PushAsync(tenant, UserObject("holder", "holder@tailspin.com", "SMTP:holder@tailspin.com", "smtp:shared@tailspin.com"));
        for (var i = 0; i < 60; i++) await PushAsync(tenant, UserObject($"u{i:00}", $"u{i:00}@tailspin.com", $"SMTP:u{i:00}@tailspin.com", "smtp:shared@tailspin.com"));
        User.SignIn(Roles.Reader);
        Service<NavigationManager>().NavigateTo($"/tenants/{tenant}/conflicts");
        var page = Ctx.Render<ConflictsPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Equal(ConflictsGrid.PageSize, page.FindAll("#conflicts-grid tbody tr").Count));
        var first = await Service<ConflictQueries>().ListAsync(tenant, new ConflictFilter(), ConflictsGrid.PageSize, null, default);
        var second = await Service<ConflictQueries>().ListAsync(tenant, new ConflictFilter(), ConflictsGrid.PageSize, first.NextCursor, default);
        Assert.Equal(10, second.Items.Count);

        page.Find("#next-page").Click();
        page.WaitForAssertion(() => Assert.Equal(10, page.FindAll("#conflicts-grid tbody tr").Count));
        foreach (var c in second.Items) Assert.Contains(c.Quarantined.DisplayName, page.Find("#conflicts-grid").TextContent);
        Assert.Contains("Page 2", page.Markup);
        Assert.True(page.Find("#next-page").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_batch_posted_while_the_dashboard_is_open_shows_without_a_reload()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-stat='Synced objects']").TextContent.Trim()));
        await PushAsync(tenant, UserObject("n1", "nia@tailspin.com", "SMTP:nia@tailspin.com"), UserObject("n2", "ned@tailspin.com", "SMTP:ned@tailspin.com"));
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-stat='Synced objects']").TextContent.Trim()), TimeSpan.FromSeconds(2));
        Assert.Contains("sync-client", page.Markup);
    }
}

/// <summary>Another admin's change, made through the real cloud service as the Graph API would.</summary>
public sealed class ConflictResolutionServiceAccess(CloudDirectoryService cloud, SyncRules.Ports.ISyncStore store)
{
    public async Task RemoveAddressAsync(Guid tenant, Guid holderId, string value)
    {
        var holder = (await store.LoadObjectsAsync(tenant, [holderId], default)).Single();
        await cloud.UpdateAsync(tenant, holderId, new CloudObjectPatch(ProxyAddresses: holder.ProxyAddresses
            .Where(p => p.Normalized != value.ToLowerInvariant()).Select(p => p.Value).ToList()), "bob", default);
    }
}
