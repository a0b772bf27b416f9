using AdminPortal.SyncRules.Conflicts;
using AdminPortal.Data.Queries;
using AdminPortal.SyncRules.Directory;
using AdminPortal.Web.Components.Layout;
using AdminPortal.Web.Components.Pages.Conflicts;
using AdminPortal.Web.Components.Shared;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Tests.Components;

public class LayoutAndSharedTests : PortalComponentTest
{
    [Theory]
    [InlineData(Roles.Reader, false)]
    [InlineData(Roles.Operator, false)]
    [InlineData(Roles.Admin, true)]
    public async Task The_navigation_is_scoped_to_the_tenant_and_offers_access_keys_to_admins_only(string role, bool seesKeys)
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(role);
        var nav = Ctx.Render<NavMenu>(p => p.Add(x => x.TenantId, tenant));
        var links = nav.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        foreach (var section in TenantSections.All.Where(s => s.Policy is null)) Assert.Contains(section.Href(tenant), links);
        Assert.Equal(role != Roles.Reader, links.Contains($"/tenants/{tenant}/dry-run"));
        Assert.Equal(seesKeys, links.Contains("/access-keys"));
        var none = Ctx.Render<NavMenu>();
        Assert.DoesNotContain("/conflicts", none.Markup);
    }

    [Fact]
    public async Task The_theme_toggle_switches_to_dark_and_remembers_it_in_the_browser()
    {
        await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var theme = new ThemeChoice(false);
        var layout = Ctx.Render<MainLayout>(p => p.AddCascadingValue(theme).Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        Assert.Contains("page body", layout.Markup);
        Assert.Equal("true", layout.Find("[data-live]").GetAttribute("data-live"));
        Assert.Contains("Switch to the dark theme", layout.Find("#theme-toggle").GetAttribute("aria-label"));
        layout.Find("#theme-toggle").Click();
        Assert.True(theme.Dark);
        // The browser keeps the cookie the server reads when it renders the next document.
        var cookie = (string)Assert.Single(Ctx.JSInterop.VerifyInvoke("adminPortal.setCookie").Arguments)!;
        Assert.Equal(ThemeCookie.For(dark: true), cookie);
        var next = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        next.Request.Headers.Cookie = cookie.Split(';')[0];
        Assert.True(ThemeCookie.IsDark(next));
        Assert.Contains("Switch to the light theme", layout.Find("#theme-toggle").GetAttribute("aria-label"));
    }

    [Fact]
    public async Task The_tenant_switcher_is_shown_to_readers_and_goes_when_the_session_ends()
    {
        await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var layout = Ctx.Render<MainLayout>(p => p.AddCascadingValue(new ThemeChoice(false)).Add(x => x.Body, (RenderFragment)(b => b.AddContent(0, "body"))));
        layout.WaitForAssertion(() => layout.Find("#tenant-switcher"));
        User.SignOut();
        layout.WaitForAssertion(() => Assert.Empty(layout.FindAll("#tenant-switcher")));
        Assert.Empty(layout.FindAll("form[action='/signout']"));
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "not found", "Tenant 42 was not found" },
        // PostgreSQL down at 2 a.m.: the page says so and what to check, not "an unexpected error".
        { "database out of reach", "The database cannot be reached: nothing of this request was read or stored." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_page_that_fails_says_what_failed_and_the_shell_stays(string failure, string said)
    {
        await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var layout = Ctx.Render<MainLayout>(p => p.AddCascadingValue(new ThemeChoice(false))
            .Add(x => x.Body, (RenderFragment)(b => { b.OpenComponent<Failing>(0); b.AddComponentParameter(1, nameof(Failing.With), failure); b.CloseComponent(); })));
        layout.WaitForAssertion(() => Assert.Contains("This page could not be shown", layout.Markup));
        Assert.Contains(said, layout.Markup);
        Assert.DoesNotContain("unexpected", layout.Markup);
        Assert.NotNull(layout.Find("#theme-toggle"));
    }

    private sealed class Failing : ComponentBase
    {
        [Parameter] public string With { get; set; } = "";

        protected override void OnInitialized() => throw (With == "not found"
            ? new SyncRules.NotFoundException("Tenant 42")
            : new SyncRules.DatabaseUnavailableException(new TimeoutException("connection refused")));
    }

    [Fact]
    public void The_object_card_highlights_what_differs_from_the_other_side_and_the_value_in_conflict()
    {
        var tenant = Guid.NewGuid();
        var a = DirectoryObject.Restore(Guid.NewGuid(), tenant, ObjectType.User, "Sam", DateTimeOffset.UnixEpoch, new StoredState { UserPrincipalName = "sam@x.com", SyncEnabled = true });
        a.SetProxyAddresses([new ProxyAddress("SMTP:sam@x.com"), new ProxyAddress("smtp:sales@x.com")]);
        var b = DirectoryObject.Restore(Guid.NewGuid(), tenant, ObjectType.User, "Sales", DateTimeOffset.UnixEpoch, new StoredState { UserPrincipalName = "sam@x.com", Mail = "sales@x.com" });
        var card = Ctx.Render<ObjectCard>(p => p.Add(x => x.Object, a).Add(x => x.CompareWith, b).Add(x => x.Highlight, "smtp:sales@x.com"));
        Assert.Equal("smtp:sales@x.com", card.Find(".ap-highlight").TextContent);
        Assert.DoesNotContain(card.FindAll("dd.ap-differs"), d => d.TextContent.Contains("sam@x.com"));
        Assert.Contains(card.FindAll("dd.ap-differs"), d => d.TextContent.Contains("—") && d.TextContent.Contains("(differs)"));
    }

    [Theory]
    [InlineData(ConflictStatus.NotStarted, "Not started")]
    [InlineData(ConflictStatus.ManualFixRequired, "Manual fix required")]
    [InlineData(ConflictStatus.PendingSync, "Pending sync")]
    public void A_conflict_status_reads_as_connect_health_names_it(ConflictStatus status, string text)
    {
        Ctx.Render<MudBlazor.MudPopoverProvider>();
        Assert.Contains(text, Ctx.Render<ConflictStatusChip>(p => p.Add(x => x.Status, status)).Markup);
    }

    [Fact]
    public void Keyset_cursors_walk_forward_back_and_start_over()
    {
        var cursors = new KeysetCursors();
        Assert.Null(cursors.Current);
        cursors.Loaded("c1");
        cursors.Next();
        Assert.Equal("c1", cursors.Current);
        cursors.Loaded(null);
        Assert.False(cursors.HasNext);
        cursors.Previous();
        Assert.Null(cursors.Current);
        Assert.True(cursors.HasNext);
        cursors.Reset();
        Assert.False(cursors.HasNext);
    }

    [Fact]
    public void The_pager_offers_only_the_moves_that_exist_and_moves_through_the_url()
    {
        var nav = Service<NavigationManager>();
        nav.NavigateTo("/tenants/t/audit?Actor=bob");
        var first = Ctx.Render<QueryPager>(p => p.Add(x => x.Parameter, "Before").Add(x => x.NextStart, "c1").Add(x => x.OnFirst, true));
        Assert.Contains("Next page", first.Markup);
        Assert.DoesNotContain("First page", first.Markup);
        first.FindAll("button").Single().Click();
        Assert.EndsWith("/tenants/t/audit?Actor=bob&Before=c1", nav.Uri);
        var last = Ctx.Render<QueryPager>(p => p.Add(x => x.Parameter, "Before").Add(x => x.NextStart, null).Add(x => x.OnFirst, false));
        Assert.DoesNotContain("Next page", last.Markup);
        Assert.Contains("First page", last.Markup);
        last.FindAll("button").Single().Click();
        Assert.EndsWith("/tenants/t/audit?Actor=bob", nav.Uri);
    }

    [Theory]
    [InlineData("/tenants/0198e1a0-0000-7000-8000-000000000001/conflicts/detail?objectId=x", "conflicts")]
    [InlineData("/tenants/0198e1a0-0000-7000-8000-000000000001/match-history", "match-history")]
    [InlineData("/tenants/0198e1a0-0000-7000-8000-000000000001", null)]
    [InlineData("/tenants/0198e1a0-0000-7000-8000-000000000001/unknown", null)]
    [InlineData("/access-keys", null)]
    public void An_address_is_in_the_section_its_third_segment_names(string path, string? section) =>
        Assert.Equal(section, TenantSections.Of("http://localhost" + path)?.Path);

    [Fact]
    public async Task Switching_tenant_keeps_the_admin_on_the_same_section()
    {
        var contoso = await ContosoAsync();
        var fabrikam = (await Service<SyncRules.Tenants.TenantService>().ListAsync(default)).Single(t => t.DisplayName == "Fabrikam").Id;
        User.SignIn(Roles.Reader);
        var nav = Service<NavigationManager>();
        nav.NavigateTo($"/tenants/{contoso}/conflicts?status=open");
        var switcher = Ctx.Render<TenantSwitcher>(p => p.Add(x => x.Current, contoso));
        var select = switcher.FindComponent<MudBlazor.MudSelect<Guid?>>();
        await switcher.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(fabrikam));
        Assert.EndsWith($"/tenants/{fabrikam}/conflicts", nav.Uri);

        nav.NavigateTo($"/tenants/{contoso}/batches/{Guid.NewGuid()}");
        await switcher.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(fabrikam));
        Assert.EndsWith($"/tenants/{fabrikam}/batches", nav.Uri);
    }

    [Fact]
    public void A_signed_in_user_without_the_role_is_told_so_and_a_signed_out_one_is_offered_a_local_sign_in()
    {
        Service<NavigationManager>().NavigateTo("/tenants/t/access-keys?x=1");
        var anonymous = Ctx.Render<NotAuthorizedNotice>();
        Assert.Contains("Your session has ended", anonymous.Markup);
        Assert.Equal("/signin?returnUrl=%2Ftenants%2Ft%2Faccess-keys%3Fx%3D1", anonymous.Find("a").GetAttribute("href"));

        User.SignIn(Roles.Reader);
        var reader = Ctx.Render<NotAuthorizedNotice>();
        Assert.Contains("your role does not allow it", reader.Markup);
        Assert.Empty(reader.FindAll("a"));
    }

    [Fact]
    public void The_reconnect_banner_carries_the_id_and_states_the_framework_toggles_and_both_ways_out()
    {
        var banner = Ctx.Render<ReconnectBanner>();
        var modal = banner.Find("#components-reconnect-modal");
        Assert.Equal("polite", modal.GetAttribute("aria-live"));
        foreach (var state in new[] { "show", "failed", "rejected" }) Assert.NotEmpty(modal.QuerySelectorAll($".ap-reconnect-{state}"));
        Assert.NotNull(modal.QuerySelector("button.ap-reconnect-retry"));
        Assert.NotNull(modal.QuerySelector("button.ap-reconnect-reload"));
    }

    [Fact]
    public void A_chart_is_readable_as_a_table()
    {
        var table = Ctx.Render<ChartTable>(p => p.Add(x => x.Caption, "Objects per batch").Add(x => x.Labels, ["b1", "b2"])
            .Add(x => x.Series, [new MudBlazor.ChartSeries<double> { Name = "Created", Data = new double[] { 3, 4 } },
                new MudBlazor.ChartSeries<double> { Name = "Failed", Data = new double[] { 1 } }]));
        Assert.Equal("Objects per batch", table.Find("caption").TextContent);
        var rows = table.FindAll("tbody tr").Select(r => string.Join(",", r.Children.Select(c => c.TextContent))).ToList();
        Assert.Equal(["b1,3,1", "b2,4,0"], rows);
    }
}
