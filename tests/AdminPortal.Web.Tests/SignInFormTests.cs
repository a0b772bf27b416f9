using System.Net;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

/// <summary>The static sign-in form, posted as a browser posts it; the interactive pages are tested with bunit.</summary>
public class SignInFormTests(DevelopmentPortalFactory factory) : IClassFixture<DevelopmentPortalFactory>
{
    [Fact]
    public async Task A_browser_without_a_session_is_sent_to_sign_in_and_the_development_sign_in_lets_it_in()
    {
        var anonymous = await factory.Browser().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/signin", anonymous.Headers.Location!.PathAndQuery);
        var tenant = await Api.CreateTenantAsync(factory.CreateClient().WithBootstrapKey(), "p" + Guid.NewGuid().ToString("N")[..10], "2015-01-01T00:00:00Z");
        var signedIn = await factory.SignInAsync(Roles.Reader);
        // The page is prerendered on the server, then goes live in the browser over the circuit.
        var page = await Forms.GetPageAsync(signedIn, $"/tenants/{tenant}/features");
        Assert.Contains("alice", page.QuerySelector("header")!.TextContent);
        Assert.Contains("DirSync features", page.Title);
        Assert.NotNull(page.QuerySelector("script[src='_framework/blazor.web.js']"));
    }

    [Theory]
    [InlineData("/signin/dev", null, "ap-static")]
    [InlineData("/signin/dev", "light", "ap-static ap-light")]
    [InlineData("/signed-out", "dark", "ap-static ap-dark")]
    [InlineData("/signed-out", null, "ap-static")]
    public async Task The_static_pages_take_the_theme_the_admin_chose_and_else_follow_the_system(string url, string? theme, string bodyClass)
    {
        var browser = factory.Browser();
        if (theme is not null) browser.DefaultRequestHeaders.Add("Cookie", $"{AdminPortal.Web.Components.Layout.ThemeCookie.Name}={theme}");
        var page = await Forms.GetPageAsync(browser, url);
        Assert.Equal(bodyClass, page.Body!.ClassName);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_antiforgery_token()
    {
        var response = await factory.Browser().PostAsync("/signin/dev",
            new FormUrlEncodedContent([new("name", "mallory"), new("role", Roles.Admin)]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
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
