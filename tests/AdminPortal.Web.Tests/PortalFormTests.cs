using System.Net;
using System.Net.Http.Json;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>The portal's forms posted as a browser posts them: sign-in, enabling a feature through its preview.</summary>
public class PortalFormTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    private async Task<(HttpClient Browser, string Tenant)> SignedInAsync(string role)
    {
        var tenant = await Api.CreateTenantAsync(factory.CreateClient().WithBootstrapKey(), "p" + Guid.NewGuid().ToString("N")[..10], "2015-01-01T00:00:00Z");
        return (await factory.SignInAsync(role), tenant);
    }

    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_sign_in_and_the_development_sign_in_lets_it_in()
    {
        var browser = factory.Browser();
        var anonymous = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery);
        var (signedIn, tenant) = await SignedInAsync(Roles.Reader);
        var page = await Forms.GetPageAsync(signedIn, $"/tenants/{tenant}/features");
        Assert.Contains("alice", page.QuerySelector("header")!.TextContent);
        Assert.Equal(19, page.QuerySelectorAll(".list-group-item").Length);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        var response = await factory.Browser().PostAsync("/signin/dev",
            new FormUrlEncodedContent([new("name", "mallory"), new("role", Roles.Admin)]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_admin_enables_a_one_way_feature_through_the_preview_and_typed_confirmation_and_finds_no_way_back()
    {
        var (browser, tenant) = await SignedInAsync(Roles.Admin);
        var url = $"/tenants/{tenant}/features/softMatchOnUpnEnabled/enable";
        var page = await Forms.GetPageAsync(browser, url);
        Assert.Contains("cannot be undone", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("#preview-heading"));

        var wrong = await Forms.SubmitAsync(browser, page, "form#change-feature", url, ("Input.Confirmation", "yes please"));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("does not match", await wrong.Content.ReadAsStringAsync());

        var empty = await Forms.SubmitAsync(browser, page, "form#change-feature", url, ("Input.Confirmation", ""));
        Assert.Contains("Type the feature", await empty.Content.ReadAsStringAsync());

        var done = await Forms.SubmitAsync(browser, page, "form#change-feature", url, ("Input.Confirmation", "EnableSoftMatchOnUpn"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var features = await Forms.GetPageAsync(browser, done.Headers.Location!.OriginalString);
        Assert.Contains("EnableSoftMatchOnUpn is now on", features.Body!.TextContent);
        var row = features.QuerySelectorAll(".list-group-item").Single(li => li.TextContent.Contains("softMatchOnUpnEnabled"));
        Assert.Contains("Enabled by alice", row.TextContent);
        Assert.Empty(row.QuerySelectorAll("a, button"));

        // The page now offers no form; a forged post of the old one is refused and changes nothing.
        var again = await Forms.GetPageAsync(browser, url);
        Assert.Null(again.QuerySelector("form#change-feature"));
        Assert.Contains("on for good", again.Body!.TextContent);
        var forged = await Forms.SubmitAsync(browser, page, "form#change-feature", url, ("Input.Confirmation", "EnableSoftMatchOnUpn"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var sync = await factory.CreateClient().WithBootstrapKey().GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/tenants/{tenant}");
        Assert.True(sync!["features"]!["softMatchOnUpnEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_reader_sees_features_but_no_control_and_is_refused_the_enable_page()
    {
        var (browser, tenant) = await SignedInAsync(Roles.Reader);
        var page = await Forms.GetPageAsync(browser, $"/tenants/{tenant}/features");
        Assert.Empty(page.QuerySelectorAll("a.btn"));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync($"/tenants/{tenant}/features/softMatchOnUpnEnabled/enable")).StatusCode);
    }
}

public class DevelopmentSignInOutsideDevelopment(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_development_sign_in_does_not_exist_outside_development()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Plain().GetAsync("/signin/dev")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Plain().PostAsync("/signin/dev", new FormUrlEncodedContent([new("name", "x"), new("role", Roles.Admin)]))).StatusCode);
    }
}

internal static class ClientExtensions
{
    public static HttpClient WithBootstrapKey(this HttpClient client)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PortalFactory.BootstrapKey);
        return client;
    }
}
