using System.Net;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Tests;

public class SecurityHeaderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/signin")]
    [InlineData("/")]
    [InlineData("/api/tenants")]
    [InlineData("/nowhere")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await factory.Plain().GetAsync(path);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy(), policy);
        Assert.Contains("script-src 'self';", policy);
        // Inline styles only (MudBlazor's positioning and theme); never inline script.
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", policy);
        Assert.Contains("style-src 'self' 'unsafe-inline';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Cookies_are_http_only_lax_and_secure_outside_development()
    {
        // Outside Development the auth and antiforgery cookies demand HTTPS.
        var response = await factory.Plain().GetAsync("/signin/dev");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var options = factory.Services.GetService(typeof(Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>))
            as Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>;
        var cookie = options!.Get(PortalSignIn.CookieScheme).Cookie;
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.AspNetCore.Http.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal(Microsoft.AspNetCore.Http.CookieSecurePolicy.Always, cookie.SecurePolicy);
    }
}
