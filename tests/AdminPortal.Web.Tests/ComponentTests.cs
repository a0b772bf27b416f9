using AdminPortal.Data.Queries;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;
using AdminPortal.Web.Components.Shared;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Web.Tests;

/// <summary>The shared components rendered with the framework's HtmlRenderer, their markup read with AngleSharp.</summary>
public class ComponentTests
{
    private static async Task<AngleSharp.Dom.IDocument> RenderAsync<T>(Dictionary<string, object?> parameters) where T : IComponent
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return new HtmlParser().ParseDocument(html);
    }

    [Theory]
    [InlineData(true, "On", "text-bg-success")]
    [InlineData(false, "Off", "text-bg-light")]
    public async Task The_state_badge_says_on_or_off(bool on, string text, string css)
    {
        var badge = (await RenderAsync<StateBadge>(new() { ["On"] = on })).QuerySelector(".badge")!;
        Assert.Equal(text, badge.TextContent);
        Assert.Contains(css, badge.ClassName);
    }

    [Theory]
    [InlineData(ConflictStatus.NotStarted, "Not started")]
    [InlineData(ConflictStatus.ManualFixRequired, "Manual fix required")]
    [InlineData(ConflictStatus.PendingSync, "Pending sync")]
    public async Task The_conflict_status_badge_names_each_status_and_explains_it(ConflictStatus status, string text)
    {
        var badge = (await RenderAsync<ConflictStatusBadge>(new() { ["Status"] = status })).QuerySelector(".badge")!;
        Assert.Equal(text, badge.TextContent);
        Assert.False(string.IsNullOrEmpty(badge.GetAttribute("title")));
    }

    [Fact]
    public async Task A_stat_tile_formats_its_value_and_colours_it_only_when_non_zero()
    {
        var some = await RenderAsync<StatTile>(new() { ["Label"] = "Open conflicts", ["Value"] = 12345, ["ValueClass"] = "text-warning" });
        Assert.Equal("12,345", some.QuerySelector(".ap-stat-value")!.TextContent);
        Assert.Contains("text-warning", some.QuerySelector(".ap-stat-value")!.ClassName);
        var none = await RenderAsync<StatTile>(new() { ["Label"] = "Open conflicts", ["Value"] = 0, ["ValueClass"] = "text-warning" });
        Assert.DoesNotContain("text-warning", none.QuerySelector(".ap-stat-value")!.ClassName);
    }

    [Fact]
    public async Task The_next_page_link_appears_only_when_there_is_a_next_page()
    {
        Assert.Null((await RenderAsync<NextPageLink>(new() { ["Href"] = null })).QuerySelector("a"));
        var both = await RenderAsync<NextPageLink>(new() { ["Href"] = "/x?cursor=abc", ["ShowFirst"] = true, ["FirstHref"] = "/x" });
        Assert.Equal(["/x?cursor=abc", "/x"], both.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task The_match_timeline_shows_each_rule_its_candidates_and_the_features_in_force()
    {
        var candidate = new MatchCandidate(Guid.NewGuid(), "Megan Bowen", ObjectType.User, true, "Its primary SMTP address equals the incoming one.");
        var record = new MatchRecord(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "anchor-1", ObjectType.User, "Megan",
            DateTimeOffset.UnixEpoch, MatchOutcome.Matched, MatchRule.SoftMatchSmtp, null, "Bound by SoftMatchSmtp.",
            [new MatchStep(MatchRule.HardMatch, true, "No cloud object has this source anchor.", []),
             new MatchStep(MatchRule.SoftMatchSmtp, true, "Matched.", [candidate]),
             new MatchStep(MatchRule.SoftMatchUpn, false, "EnableSoftMatchOnUpn is off.", [])], 0);
        var doc = await RenderAsync<MatchTimeline>(new() { ["Entries"] = new List<MatchHistoryEntry> { new(record, ["quarantineUponUpnConflictEnabled"]) } });
        var steps = doc.QuerySelectorAll("li.card ol > li");
        Assert.Equal(3, steps.Length);
        Assert.Contains("(not tried)", steps[2].TextContent);
        Assert.Contains("Megan Bowen", steps[1].TextContent);
        Assert.Contains("taken", steps[1].QuerySelector(".visually-hidden")!.TextContent);
        Assert.Contains("quarantineUponUpnConflictEnabled", doc.Body!.TextContent);
    }

    [Fact]
    public async Task The_day_chart_draws_one_bar_a_day_scaled_to_the_highest_and_lists_the_numbers()
    {
        var days = Enumerable.Range(0, 3).Select(i => (new DateOnly(2026, 11, 20).AddDays(i), new[] { 2, 0, 4 }[i])).ToList();
        var doc = await RenderAsync<DayBarChart>(new() { ["Values"] = days, ["Title"] = "Open conflicts" });
        var bars = doc.QuerySelectorAll("rect.ap-bar");
        Assert.Equal(3, bars.Length);
        Assert.Equal(["50", "0", "100"], bars.Select(b => b.GetAttribute("height")));
        Assert.Equal(["2026-11-20", "2", "2026-11-21", "0", "2026-11-22", "4"], doc.QuerySelectorAll("tbody td").Select(td => td.TextContent));
        Assert.Equal("img", doc.QuerySelector("svg")!.GetAttribute("role"));
    }

    [Fact]
    public async Task An_empty_match_timeline_says_why_there_is_nothing()
    {
        Assert.Contains("never matched", (await RenderAsync<MatchTimeline>(new() { ["Entries"] = new List<MatchHistoryEntry>() })).Body!.TextContent);
    }

    [Fact]
    public async Task An_object_card_points_out_the_conflicting_address()
    {
        var o = new DirectoryObject(Guid.NewGuid(), Guid.NewGuid(), ObjectType.Group, "Sales", DateTimeOffset.UnixEpoch) { SyncEnabled = true };
        o.SetProxyAddresses([ProxyAddress.PrimarySmtp("sales@contoso.com"), new ProxyAddress("smtp:info@contoso.com")]);
        var doc = await RenderAsync<ObjectCard>(new() { ["Object"] = o, ["Heading"] = "Holds the value", ["Highlight"] = "smtp:info@contoso.com" });
        Assert.Equal("smtp:info@contoso.com", doc.QuerySelector(".text-danger")!.TextContent);
        Assert.Equal("Synced", doc.QuerySelector(".card-header .badge")!.TextContent);
    }
}
