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
    public async Task Answers_written_by_the_exception_handler_carry_every_header_strict_transport_security_included()
    {
        var admin = factory.Admin();
        var tenant = await Api.CreateTenantAsync(admin, "s" + Guid.NewGuid().ToString("N")[..10]);
        var broken = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        var huge = new StringContent(new string('x', 2 * 1024 * 1024), System.Text.Encoding.UTF8, "application/json");
        foreach (var (request, status) in new (HttpRequestMessage, HttpStatusCode)[]
                 {
                     (new(HttpMethod.Get, $"/api/tenants/{Guid.NewGuid()}"), HttpStatusCode.NotFound),
                     (new(HttpMethod.Post, "/api/tenants") { Content = broken }, HttpStatusCode.BadRequest),
                     (new(HttpMethod.Post, $"/graph/{tenant}/v1.0/users") { Content = new StringContent("{", System.Text.Encoding.UTF8, "application/json") }, HttpStatusCode.BadRequest),
                     (new(HttpMethod.Get, $"/graph/{tenant}/v1.0/nothing"), HttpStatusCode.NotFound),
                     (new(HttpMethod.Post, $"/api/tenants/{tenant}/fixup") { Content = huge }, HttpStatusCode.RequestEntityTooLarge),
                     (new(HttpMethod.Get, "/nowhere"), HttpStatusCode.NotFound),
                 })
        {
            var response = await admin.SendAsync(request);
            Assert.Equal(status, response.StatusCode);
            AssertSecured(response, $"{request.Method} {request.RequestUri}");
        }
    }

    /// <summary>Every header of <see cref="SecurityHeaders"/>, as a response over HTTPS outside Development carries them.</summary>
    internal static void AssertSecured(HttpResponseMessage response, string what)
    {
        foreach (var (name, value) in new[]
                 {
                     ("Content-Security-Policy", (string?)null), ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
                     ("Referrer-Policy", "strict-origin-when-cross-origin"), ("Strict-Transport-Security", SecurityHeaders.StrictTransportSecurity),
                 })
        {
            Assert.True(response.Headers.TryGetValues(name, out var values), $"{what} ({(int)response.StatusCode}) has no {name}");
            if (value is not null) Assert.Equal(value, values.Single());
        }
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
