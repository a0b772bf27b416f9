using Microsoft.Playwright;

namespace AdminPortal.E2E;

/// <summary>One running portal and one browser for the whole run; each test gets a fresh, signed-in page.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    /// <summary>Open pages check their user every 2 seconds here (5 minutes by default), so a sign-out elsewhere shows at once.</summary>
    public RunningPortal Portal { get; } = new(new Dictionary<string, string> { ["Circuits__RevalidationInterval"] = "00:00:02" });
    public Browser Browser { get; } = new();

    public async Task InitializeAsync()
    {
        await Portal.InitializeAsync();
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Portal.DisposeAsync();
    }

    /// <summary>A new browser context signed in through the development sign-in page, as an admin would.</summary>
    public Task<IPage> SignedInAsync(string role = "Portal.Admin", string name = "e2e-admin") => Browser.SignedInAsync(Portal.BaseUrl, role, name);

    /// <summary>The href of a demo tenant's card on the tenants page.</summary>
    public static async Task<string> TenantPathAsync(IPage page, string name)
    {
        await page.GotoLiveAsync(new Uri(new Uri(page.Url), "/").ToString());
        return (await page.Locator(".mud-main-content a", new PageLocatorOptions { HasText = name }).First.GetAttributeAsync("href"))!;
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Running portal";
}
