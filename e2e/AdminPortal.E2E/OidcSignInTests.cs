using Microsoft.Playwright;

namespace AdminPortal.E2E;

/// <summary>
/// Sign-in through a real OpenID Provider (oidc-provider on loopback): its login page, back to the portal with the
/// role its roles claim gives, refused what that role may not do, and signed out through its end-session endpoint.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private readonly Browser browser = new();
    private RunningPortal portal = null!;
    private OidcProviderProcess provider = null!;

    public async Task InitializeAsync()
    {
        var port = AdminPortal.TestSupport.Loopback.FreePort();
        provider = await OidcProviderProcess.StartAsync($"http://127.0.0.1:{port}");
        portal = new RunningPortal(new Dictionary<string, string>
        {
            // Configured as Identity.Web documents it; an Instance that is not Entra ID is a standard OpenID Provider.
            ["AzureAd__Instance"] = provider.Issuer + "/",
            ["AzureAd__TenantId"] = "e2e",
            ["AzureAd__ClientId"] = OidcProviderProcess.ClientId,
            ["AzureAd__ClientSecret"] = OidcProviderProcess.ClientSecret,
        }, port);
        await portal.InitializeAsync();
        await browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await portal.DisposeAsync();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task An_operator_signs_in_through_the_provider_gets_the_role_of_its_claim_is_refused_admin_pages_and_signs_out()
    {
        var context = await browser.Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        // The sign-in is a chain of redirects through two processes; on a 2-core machine running the other test suites
        // beside this one it once took over Playwright's default 30 s. Slowness is tolerated; every assertion stands.
        context.SetDefaultNavigationTimeout(90_000);
        context.SetDefaultTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(portal.BaseUrl + "/");
        Assert.StartsWith(provider.Issuer, page.Url);
        await page.ScreenshotAsync("oidc-provider-login");
        await page.FillAsync("input[name=login]", "operator");
        await page.FillAsync("input[name=password]", "any password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("input[name=login]")).ToHaveCountAsync(0);
        if (page.Url.StartsWith(provider.Issuer))
        {
            await page.ScreenshotAsync("oidc-provider-consent");
            await page.ClickAsync("button[type=submit]"); // the provider's consent page
        }
        await page.WaitForURLAsync(portal.BaseUrl + "/");
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync("operator (oidc)");
        await Assertions.Expect(page.Locator("#user-role")).ToHaveTextAsync("Portal.Operator");
        await page.ScreenshotAsync("oidc-signed-in");

        var contoso = (await page.Locator(".mud-main-content a", new PageLocatorOptions { HasText = "Contoso" }).First.GetAttributeAsync("href"))!;
        // Access keys are for admins: the operator is refused the page itself.
        var refused = await page.GotoAsync(portal.BaseUrl + "/access-keys");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("You do not have access to this page");
        await page.GotoAsync(portal.BaseUrl + contoso + "/conflicts");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Conflicts");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/conflicts"));
        await page.ScreenshotAsync("oidc-after-sign-out-click");
        if (page.Url.StartsWith(provider.Issuer))
        {
            await page.ScreenshotAsync("oidc-provider-logout");
            await page.ClickAsync("button[type=submit]"); // the provider's "sign out?" confirmation
        }
        await page.WaitForURLAsync(portal.BaseUrl + "/signed-out");
        await page.ScreenshotAsync("oidc-signed-out");
        await page.GotoAsync(portal.BaseUrl + contoso + "/conflicts");
        Assert.StartsWith(provider.Issuer, page.Url);
    }
}
