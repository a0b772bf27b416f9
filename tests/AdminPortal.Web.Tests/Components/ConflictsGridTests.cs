using AdminPortal.SyncRules.ReadModels;
using AdminPortal.Data.Queries;
using AdminPortal.Web.Components.Pages.Conflicts;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Tests.Components;

/// <summary>The conflicts grid follows the URL's filter and tenant, and renders only when what it shows changes.</summary>
public class ConflictsGridTests : PortalComponentTest
{
    /// <summary>Users bring an address the first one holds: one quarantined value per user named.</summary>
    private async Task<Guid> TenantWithConflictsAsync(string name, params string[] users)
    {
        var tenant = await EmptyTenantAsync(name);
        var domain = $"{name.ToLowerInvariant()}.com";
        await PushAsync(tenant, UserObject("holder", $"holder@{domain}", $"SMTP:holder@{domain}", $"smtp:shared@{domain}"));
        foreach (var user in users) await PushAsync(tenant, UserObject(user, $"{user}@{domain}", $"SMTP:{user}@{domain}", $"smtp:shared@{domain}"));
        return tenant;
    }

    private IRenderedComponent<ConflictsGrid> Grid(Guid tenant, ConflictFilter filter)
    {
        Service<NavigationManager>().NavigateTo($"/tenants/{tenant}/conflicts");
        return Ctx.Render<ConflictsGrid>(p => p.Add(x => x.TenantId, tenant).Add(x => x.Filter, filter));
    }

    private static string Rows(IRenderedComponent<ConflictsGrid> grid) => grid.Find("#conflicts-grid tbody").TextContent;

    [Fact]
    public async Task A_new_filter_reloads_the_rows_and_the_same_filter_again_renders_nothing()
    {
        var tenant = await TenantWithConflictsAsync("Tailspin", "vera", "adele");
        User.SignIn(Roles.Reader);
        var grid = Grid(tenant, new ConflictFilter());
        grid.WaitForAssertion(() => Assert.Equal(2, grid.FindAll("#conflicts-grid tbody tr").Count));

        grid.Render(p => p.Add(x => x.Filter, new ConflictFilter(Search: "vera")));
        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("#conflicts-grid tbody tr")));
        Assert.Contains("vera", Rows(grid));
        Assert.DoesNotContain("adele", Rows(grid));

        // The page re-renders (its counters, a live change): an equal filter is not a reason to render 50 rows again.
        var renders = grid.RenderCount;
        grid.Render(p => p.Add(x => x.Filter, new ConflictFilter(Search: "vera")));
        Assert.Equal(renders, grid.RenderCount);
    }

    [Fact]
    public async Task A_row_links_the_value_to_its_detail_and_both_objects_and_shows_their_names_as_text()
    {
        var tenant = await EmptyTenantAsync("Tailspin");
        await PushAsync(tenant, UserObject("holder", "holder@tailspin.com", "SMTP:holder@tailspin.com", "smtp:a&b@tailspin.com") with { DisplayName = "<b>Holder</b>" });
        var quarantined = (await PushAsync(tenant, UserObject("vera", "vera@tailspin.com", "SMTP:vera@tailspin.com", "smtp:a&b@tailspin.com"))).Results.Single().ObjectId;
        User.SignIn(Roles.Reader);
        var grid = Grid(tenant, new ConflictFilter());
        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("#conflicts-grid tbody tr")));

        var cells = grid.FindAll("#conflicts-grid tbody td");
        var value = cells[0].QuerySelector("a")!;
        Assert.Equal("smtp:a&b@tailspin.com", value.TextContent);
        Assert.Equal($"/tenants/{tenant}/conflicts/detail?objectId={quarantined}&property=ProxyAddress&value=smtp%3Aa%26b%40tailspin.com", value.GetAttribute("href"));
        Assert.Equal($"/tenants/{tenant}/objects/{quarantined}", cells[2].QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("user · synced", cells[2].QuerySelector("span")!.TextContent);
        // A name is data, never markup.
        Assert.Equal("<b>Holder</b>", cells[3].QuerySelector("a")!.TextContent);
        Assert.Null(cells[3].QuerySelector("b"));
        Assert.Equal("Manual fix required", cells[4].TextContent.Trim());
    }

    [Fact]
    public async Task A_duplicate_upn_shows_the_placeholder_the_quarantined_object_got_under_its_value()
    {
        var tenant = await EmptyTenantAsync("Tailspin");
        await PushAsync(tenant, UserObject("joe1", "joe@tailspin.com"));
        await PushAsync(tenant, UserObject("joe2", "joe@tailspin.com"));
        User.SignIn(Roles.Reader);
        var grid = Grid(tenant, new ConflictFilter());
        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("#conflicts-grid tbody tr")));

        var value = grid.Find("#conflicts-grid tbody td");
        Assert.Equal("joe@tailspin.com", value.QuerySelector("a")!.TextContent);
        Assert.Matches(@"^placeholder joe\+\d{4}@tailspin\.onmicrosoft\.com$", value.QuerySelector("span")!.TextContent);
    }

    [Fact]
    public async Task Switching_to_another_tenant_with_the_same_filter_shows_that_tenants_conflicts()
    {
        var tailspin = await TenantWithConflictsAsync("Tailspin", "vera");
        var fabrikam = await TenantWithConflictsAsync("Fabrikam", "adele");
        User.SignIn(Roles.Reader);
        var grid = Grid(tailspin, new ConflictFilter());
        grid.WaitForAssertion(() => Assert.Contains("vera", Rows(grid)));

        grid.Render(p => p.Add(x => x.TenantId, fabrikam));
        grid.WaitForAssertion(() => Assert.Contains("adele", Rows(grid)));
        Assert.DoesNotContain("vera", Rows(grid));
    }

    [Fact]
    public async Task Losing_the_operator_role_takes_the_selection_and_bulk_actions_away()
    {
        var tenant = await TenantWithConflictsAsync("Tailspin", "vera");
        User.SignIn(Roles.Operator);
        var grid = Ctx.Render<ConflictsGrid>(p => p.Add(x => x.TenantId, tenant).Add(x => x.Filter, new ConflictFilter()).Add(x => x.CanOperate, true));
        grid.WaitForAssertion(() => Assert.Single(grid.FindAll("#conflicts-grid tbody input[type=checkbox]")));
        Assert.Contains("Mark selected", grid.Markup);

        grid.Render(p => p.Add(x => x.CanOperate, false));
        grid.WaitForAssertion(() => Assert.Empty(grid.FindAll("#conflicts-grid tbody input[type=checkbox]")));
        Assert.DoesNotContain("Mark selected", grid.Markup);
    }
}
