using System.Diagnostics;
using Microsoft.Playwright;

namespace AdminPortal.Benchmarks;

/// <summary>
/// Debian's Chromium on the conflicts page as an admin uses it: signed in through the development sign-in, pages
/// opened live, and the grid's interactions (next page, sort, filter) timed inside the page from the click to the new
/// rows shown (the server's time, loopback and the browser's DOM update).
/// </summary>
public static class GridDriver
{
    public const string Grid = "#conflicts-grid";

    /// <summary>
    /// A Chromium whose pages of one site share a few renderer processes, so that hundreds of open pages fit here. With
    /// <paramref name="lowestPriority"/> every one of its processes is scheduled only when nothing else wants a core
    /// (SCHED_IDLE; Chromium resets nice values itself, not the policy): the admins' browsers stand for machines of their
    /// own, and here they would otherwise take the cores the server's measured time needs.
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, int renderers = 4, bool lowestPriority = false) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = lowestPriority ? NicedChromium.Value : "/usr/bin/chromium",
        // One renderer process per site and context (all of a context's pages in one), at most a few: each page its
        // own renderer would need ~100 MB apiece.
        Args = ["--no-sandbox", "--disable-gpu", "--process-per-site", $"--renderer-process-limit={renderers}", "--disable-background-networking", "--no-first-run",
                // Pages in background tabs must keep their timers and connections as a visible page does.
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
    });

    /// <summary>A program that runs Debian's Chromium under SCHED_IDLE (its children inherit it).</summary>
    private static readonly Lazy<string> NicedChromium = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"adminportal-bench-chromium-{Environment.ProcessId}.sh");
        File.WriteAllText(path, "#!/bin/sh\nexec chrt --idle 0 /usr/bin/chromium \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    });

    /// <summary>A new browser context signed in as a reader (its own cookies: behind nginx, its own instance).</summary>
    public static async Task<IBrowserContext> SignedInAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/signin/dev?returnUrl=/");
        await page.FillAsync("#name", "bench");
        await page.CheckAsync("input[value='Portal.Reader']");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");
        await page.CloseAsync();
        return context;
    }

    public static async Task OpenLiveAsync(IPage page, string url, string ready = $"{Grid} tbody tr")
    {
        await page.GotoAsync(url, new PageGotoOptions { Timeout = 120_000 });
        await page.Locator("[data-live='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        await page.Locator(ready).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
    }

    /// <summary>
    /// Leaves and closes the pages (leaving a page tells the server to end its circuit at once, rather than keep it for
    /// a reconnect) and, given the server's count, waits until only <paramref name="remaining"/> circuits are left.
    /// </summary>
    public static async Task CloseAllAsync(IEnumerable<IPage> pages, OpenCircuits? circuits = null, int remaining = 0)
    {
        foreach (var p in pages)
        {
            await p.GotoAsync("about:blank");
            await p.CloseAsync();
        }
        var waited = Stopwatch.StartNew();
        while (circuits is not null && circuits.Count > remaining)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException($"{circuits.Count} circuits still open a minute after their pages closed.");
            await Task.Delay(100);
        }
    }

    /// <summary>The interactions an admin makes on the grid, by name: each a script run in the page.</summary>
    public static readonly string NextPage = "document.querySelector('#next-page').click()";
    /// <summary>The Value column's sort button, toggled: ascending, descending, none, ascending…</summary>
    public static readonly string Sort =
        "[...document.querySelectorAll('#conflicts-grid th')].find(th => th.textContent.trim().startsWith('Value')).querySelector('.sortable-column-header').click()";

    /// <summary>A search typed into the filter form and applied (it arrives at the server as a URL change).</summary>
    public static string Filter(string search) => $$"""
        (() => { const input = document.querySelector('#search'); input.value = '{{search}}';
                 input.dispatchEvent(new Event('change', { bubbles: true }));
                 document.querySelector('form[aria-label="Filter conflicts"]').requestSubmit(); })()
        """;

    /// <summary>Runs <paramref name="action"/> in the page and answers the milliseconds until the grid's rows change and it stops loading, or -1 after 10 s.</summary>
    public static Task<double> ClickToRowsAsync(IPage page, string action) => page.EvaluateAsync<double>($$"""
        () => new Promise(resolve => {
            const grid = document.querySelector('{{Grid}}');
            const rows = () => grid.querySelector('tbody').textContent;
            const before = rows();
            const t0 = performance.now();
            const check = () => {
                if (rows() === before || grid.querySelector('.mud-table-loading, .mud-progress-linear')) return;
                observer.disconnect();
                resolve(performance.now() - t0);
            };
            const observer = new MutationObserver(check);
            setTimeout(() => { observer.disconnect(); resolve(-1); }, 10000);
            observer.observe(grid, { subtree: true, childList: true, characterData: true, attributes: true });
            {{action}};
        })
        """);
}
