using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AdminPortal.E2E;

/// <summary>Debian's Chromium driven by Playwright (its own browser download does not work here), one context per test.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? playwright;
    public IBrowser Instance { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: the test command installs Debian's chromium package.");
        playwright = await Playwright.CreateAsync();
        Instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new browser context signed in at <paramref name="baseUrl"/> through the development sign-in page, as an admin would.</summary>
    public async Task<IPage> SignedInAsync(string baseUrl, string role = "Portal.Admin", string name = "e2e-admin")
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        await page.GotoAsync(baseUrl + "/");
        Assert.Contains("/signin/dev", page.Url);
        await page.FillAsync("#name", name);
        await page.CheckAsync($"input[value='{role}']");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Instance.DisposeAsync();
        playwright?.Dispose();
    }
}

public static class PageChecks
{
    /// <summary>The folder every test's screenshots go to, kept with the test output.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        // From the top: a full-page picture of a scrolled page draws the fixed app bar where the window was scrolled to.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
    }

    /// <summary>Opens a page and waits until it is live (connected over its circuit), so clicks reach the server.</summary>
    public static async Task GotoLiveAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForLiveAsync();
    }

    /// <summary>
    /// Chooses a file in a Blazor InputFile once the circuit has attached its handler to it (Blazor's init marks the
    /// element): a file set before that is a change nobody hears, and the page never reacts.
    /// </summary>
    public static async Task UploadAsync(this ILocator input, FilePayload file)
    {
        await input.Page.WaitForFunctionAsync("e => e._blazorInputFileNextFileId !== undefined", await input.ElementHandleAsync(),
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        await input.SetInputFilesAsync(file);
    }

    public static Task WaitForLiveAsync(this IPage page) =>
        Assertions.Expect(page.Locator("[data-live='true']")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });

    /// <summary>axe-core on the page as rendered: no serious or critical violation allowed.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        // Colours are judged once the page is still: a button that has just been enabled again fades its colour in
        // (MudBlazor's transitions), and axe measuring it halfway reports a contrast the admin never sees.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')",
            null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}:\n{string.Join("\n", bad)}");
    }
}
