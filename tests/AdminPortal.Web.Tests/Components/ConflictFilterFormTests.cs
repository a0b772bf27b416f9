using AdminPortal.Web.Components.Pages.Conflicts;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Tests.Components;

/// <summary>The conflicts filter: starts from the URL, puts what the admin chose into the URL, keeps typing across a sort.</summary>
public class ConflictFilterFormTests : PortalComponentTest
{
    private IRenderedComponent<ConflictFilterForm> Form(string? search, string csv = "/tenants/t/conflicts.csv") =>
        Ctx.Render<ConflictFilterForm>(p => p.Add(x => x.CsvHref, csv).Add(x => x.Search, search).Add(x => x.Status, "PendingSync"));

    [Fact]
    public void The_fields_start_from_the_url_and_apply_puts_the_new_search_into_the_url_with_the_rest_kept()
    {
        var navigation = Service<NavigationManager>();
        navigation.NavigateTo("/tenants/t/conflicts?Search=vera&Status=PendingSync");
        var form = Form("vera");
        Assert.Equal("vera", form.Find("input#search").GetAttribute("value"));

        form.Find("input#search").Change("adele");
        form.Find("form[aria-label='Filter conflicts']").Submit();

        var query = new Uri(navigation.Uri).Query;
        Assert.Contains("Search=adele", query);
        Assert.Contains("Status=PendingSync", query);
        Assert.DoesNotContain("vera", query);
    }

    [Fact]
    public void A_new_sort_order_keeps_what_the_admin_typed_and_a_new_filter_in_the_url_replaces_it()
    {
        var form = Form("vera");
        form.Find("input#search").Change("adele");

        form.Render(p => p.Add(x => x.CsvHref, "/tenants/t/conflicts.csv?OrderBy=Value"));
        Assert.Equal("adele", form.Find("input#search").GetAttribute("value"));

        form.Render(p => p.Add(x => x.Search, "lee"));
        Assert.Equal("lee", form.Find("input#search").GetAttribute("value"));
    }
}
