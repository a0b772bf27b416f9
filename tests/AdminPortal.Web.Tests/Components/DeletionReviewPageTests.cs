using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Components.Pages.Home;
using AdminPortal.Web.Components.Pages.Reviews;
using AdminPortal.Web.Security;
using Bunit;

namespace AdminPortal.Web.Tests.Components;

/// <summary>Deletion review in the portal: the dashboard says an export is held; the review page lists what it would delete and lets an admin allow it once or discard it.</summary>
public class DeletionReviewPageTests : PortalComponentTest
{
    /// <summary>Ten synced users, then a full export naming two: eight deletions against a threshold of five, held.</summary>
    private async Task<(Guid Tenant, Guid Held)> TenantWithHeldExportAsync()
    {
        var tenant = await EmptyTenantAsync();
        await Service<FeatureService>().SetDeletionPreventionAsync(tenant, AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, 5), "test", default);
        var users = Enumerable.Range(0, 10).Select(i => UserObject($"u{i}", $"u{i}@tailspin.com", $"SMTP:u{i}@tailspin.com")).ToArray();
        await PushAsync(tenant, users);
        var refused = await Assert.ThrowsAsync<DeletionThresholdExceededException>(() =>
            Service<SyncService>().ApplyBatchAsync(tenant, new SyncBatchRequest("full", users[..2]), "sync-client", default));
        return (tenant, refused.HeldExportId!.Value);
    }

    private IRenderedComponent<DeletionReviewPage> Review(Guid tenant, Guid held) =>
        Ctx.Render<DeletionReviewPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.ReviewId, held));

    [Fact]
    public async Task The_dashboard_says_an_export_is_held_and_links_to_its_review()
    {
        var (tenant, held) = await TenantWithHeldExportAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("would delete 8 of 10 synced objects", page.Find($"[data-review='{held}']").TextContent));
        Assert.NotNull(page.Find($"a[href='/tenants/{tenant}/deletion-reviews/{held}']"));
    }

    [Fact]
    public async Task An_admin_allows_it_once_after_typing_the_number_of_deletions_and_it_is_applied()
    {
        var (tenant, held) = await TenantWithHeldExportAsync();
        User.SignIn(Roles.Admin, "alice");
        var dialogs = Providers();
        var page = Review(tenant, held);
        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("tbody tr").Count));
        page.Find("[data-action='allow']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirmation"));
        Assert.Contains("8 synced objects are deleted", dialogs.Find(".mud-dialog").TextContent);
        dialogs.Find("#confirmation").Input("7");
        Assert.True(dialogs.Find("#confirm").HasAttribute("disabled"));
        dialogs.Find("#confirmation").Input("8");
        dialogs.Find("#confirm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Applied: 8 deleted", dialogs.Markup));
        page.WaitForAssertion(() => Assert.Contains("Allowed once by alice", page.Find("#settled").TextContent));
        Assert.Empty(page.FindAll("[data-action]"));
        Assert.Equal(HeldExportStatus.Allowed, (await Service<DeletionReviewService>().GetAsync(tenant, held, default)).Status);
    }

    /// <summary>Alice, an admin, on the review page with the discard confirmation open.</summary>
    private async Task<(Guid Tenant, Guid Held, IRenderedComponent<DeletionReviewPage> Page, IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Dialogs)> DiscardDialogOpenAsync()
    {
        var (tenant, held) = await TenantWithHeldExportAsync();
        User.SignIn(Roles.Admin, "alice");
        var dialogs = Providers();
        var page = Review(tenant, held);
        page.WaitForAssertion(() => page.Find("[data-action='discard']"));
        page.Find("[data-action='discard']").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("#confirm"));
        return (tenant, held, page, dialogs);
    }

    [Fact]
    public async Task An_admin_discards_it_and_nothing_is_deleted()
    {
        var (tenant, held, page, dialogs) = await DiscardDialogOpenAsync();
        dialogs.Find("#confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("Discarded by alice", page.Find("#settled").TextContent));
        Assert.Equal(10, (await Service<AdminPortal.Data.Queries.DirectoryQueries>().SearchAsync(tenant, "u", null, 50, null, default)).Items.Count);
    }

    [Theory]
    [InlineData(Roles.Reader)]
    [InlineData(Roles.Operator)]
    public async Task Others_see_what_it_would_delete_and_no_way_to_decide(string role)
    {
        var (tenant, held) = await TenantWithHeldExportAsync();
        User.SignIn(role);
        var page = Review(tenant, held);
        page.WaitForAssertion(() => Assert.Equal(8, page.FindAll("tbody tr").Count));
        Assert.Empty(page.FindAll("[data-action]"));
        Assert.Contains("Awaiting review", page.Markup);
    }

    [Fact]
    public async Task An_admin_whose_role_was_taken_meanwhile_is_refused()
    {
        var (tenant, held, page, dialogs) = await DiscardDialogOpenAsync();
        User.SignIn(Roles.Reader, "alice");
        dialogs.Find("#confirm").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Admin", dialogs.Markup));
        Assert.Equal(HeldExportStatus.AwaitingReview, (await Service<DeletionReviewService>().GetAsync(tenant, held, default)).Status);
    }
}
