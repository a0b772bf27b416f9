using System.Diagnostics;
using AdminPortal.Data;
using AdminPortal.Data.Queries;
using AdminPortal.TestSupport;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The conflicts page as an admin uses it: the real app on Kestrel in this process, over the benchmark's database,
/// driven by Debian's Chromium over real Blazor circuits.
/// 1. Grid interactions (next page, sort, filter), median of 5 each: the server's time (<see cref="ServerTime"/>) and
///    the time from the click to the grid showing the new rows, measured inside the page (server, loopback, DOM update).
/// 2. Server memory per open circuit: the managed heap after a full collection before and after 200 more conflicts
///    pages opened, each live and showing its first page; the difference divided by 200. The baseline, measured the
///    same way in the same run, before (its pages closed and their circuits ended in between): 200 pages of the shell
///    around its smallest page (the tenants list).
/// </summary>
public static class CircuitBenchmark
{
    private const int Circuits = 200;
    private const string Grid = "#conflicts-grid";

    public static async Task RunAsync(DatabaseSettings database, Guid tenantId)
    {
        var (conflicts, _) = await new ConflictQueries(new PortalDbContextFactory(database)).CountAsync(tenantId, default);
        // Outside a test project the factory cannot guess the Web project's folder; tell it (its documented override).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ADMINPORTAL_WEB", WebProjectFolder());
        var port = Loopback.FreePort();
        await using var app = new BenchPortal(database);
        app.UseKestrel(port);
        app.StartServer();
        var baseUrl = $"http://127.0.0.1:{port}";
        var url = $"{baseUrl}/tenants/{tenantId}/conflicts";

        ServerTime.Start();
        ServerTime.Stop();
        using var playwright = await Playwright.CreateAsync();
        // Many pages of one site share a few renderer processes, so that 200 open pages fit on this machine.
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--renderer-process-limit=4", "--disable-background-networking", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/signin/dev?returnUrl=/");
        await page.FillAsync("#name", "bench");
        await page.CheckAsync("input[value='Portal.Reader']");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(baseUrl + "/");

        await OpenLiveAsync(page, url);
        var next = await Median(() => TimedAsync(page, "document.querySelector('#next-page').click()"));
        // The Value column's sort button, toggled: ascending, descending, none, ascending…
        var sort = await Median(() => TimedAsync(page,
            "[...document.querySelectorAll('#conflicts-grid th')].find(th => th.textContent.trim().startsWith('Value')).querySelector('.sortable-column-header').click()"));
        var searches = new[] { "Vera", "Adele" };
        var turn = 0;
        var filter = await Median(() => TimedAsync(page, $$"""
            (() => { const input = document.querySelector('#search'); input.value = '{{searches[turn++ % 2]}}';
                     input.dispatchEvent(new Event('change', { bubbles: true }));
                     document.querySelector('form[aria-label="Filter conflicts"]').requestSubmit(); })()
            """));
        Console.WriteLine($"conflicts grid ({conflicts:N0} conflicts), server time per interaction: next page {next.Server,5:F1} ms, sort {sort.Server,5:F1} ms, filter {filter.Server,5:F1} ms  (target <= 50 ms each)");
        Console.WriteLine($"  the same, click to new rows seen in the browser: next page {next.Browser,5:F1} ms, sort {sort.Browser,5:F1} ms, filter {filter.Browser,5:F1} ms  (server, loopback and the browser's DOM update)");

        // The baseline first: the same shell around the smallest page, the list of tenants (one here). Its pages close
        // again, and their circuits end, before the conflicts pages open: with all 400 open a page once never connected
        // (perhaps Chromium's pool of about 256 sockets per browser).
        var start = HeapAfterFullCollection();
        var shells = await OpenManyAsync(context, baseUrl + "/", ".mud-card");
        var withShells = HeapAfterFullCollection();
        await CloseAllAsync(shells, app.OpenCircuits);
        var afterShells = HeapAfterFullCollection();
        var conflictsPages = await OpenManyAsync(context, url, $"{Grid} tbody tr");
        var withConflicts = HeapAfterFullCollection();
        double perShell = (withShells - start) / Circuits, perConflictsPage = (withConflicts - afterShells) / Circuits;
        Console.WriteLine($"server memory per open conflicts-page circuit: {perConflictsPage / 1024.0,6:N0} KB  ({Circuits} circuits, managed heap {afterShells / 1048576.0:N0} MB -> {withConflicts / 1048576.0:N0} MB; target <= 500 KB)");
        Console.WriteLine($"  baseline, the shell around the tenants list: {perShell / 1024.0,6:N0} KB per circuit; the conflicts page is {perConflictsPage / perShell:F2} x the shell");
        await CloseAllAsync(conflictsPages, app.OpenCircuits);
    }

    /// <summary>Leaves and closes the pages (leaving a page tells the server to end its circuit at once, rather than keep
    /// it for a reconnect) and waits until only the timing page's circuit is left.</summary>
    private static async Task CloseAllAsync(List<IPage> pages, OpenCircuits circuits)
    {
        foreach (var p in pages)
        {
            await p.GotoAsync("about:blank");
            await p.CloseAsync();
        }
        var waited = Stopwatch.StartNew();
        while (circuits.Count > 1)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1)) throw new InvalidOperationException($"{circuits.Count} circuits still open a minute after their pages closed.");
            await Task.Delay(100);
        }
    }

    /// <summary><see cref="Circuits"/> pages of <paramref name="url"/>, each live and showing <paramref name="ready"/>.</summary>
    private static async Task<List<IPage>> OpenManyAsync(IBrowserContext context, string url, string ready)
    {
        var pages = new List<IPage>();
        for (var i = 0; i < Circuits; i++)
        {
            var p = await context.NewPageAsync();
            await OpenLiveAsync(p, url, ready);
            pages.Add(p);
        }
        return pages;
    }

    private static async Task OpenLiveAsync(IPage page, string url, string ready = $"{Grid} tbody tr")
    {
        await page.GotoAsync(url);
        await page.Locator("[data-live='true']").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.Locator(ready).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
    }

    /// <summary>Runs <paramref name="action"/> in the page and answers the milliseconds until the grid's rows change and it stops loading.</summary>
    private static async Task<(double Browser, double Server)> TimedAsync(IPage page, string action)
    {
        ServerTime.Start();
        var elapsed = await page.EvaluateAsync<double>($$"""
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
        if (elapsed < 0)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "circuit-benchmark-stuck.png") });
            var head = await page.EvaluateAsync<string>("() => document.querySelector('#conflicts-grid thead').outerHTML");
            throw new InvalidOperationException($"The grid did not change within 10 s after: {action}\n{head}");
        }
        // Let the circuit settle (render acknowledgements, the URL update) before the next interaction.
        await page.WaitForTimeoutAsync(200);
        return (elapsed, ServerTime.Stop());
    }

    /// <summary>Medians of 5 after one warm-up: the browser's click-to-rows time and the server's time for the same interaction.</summary>
    private static async Task<(double Browser, double Server)> Median(Func<Task<(double, double)>> measure)
    {
        await measure();
        var times = new List<(double Browser, double Server)>();
        for (var i = 0; i < 5; i++) times.Add(await measure());
        return (times.Select(t => t.Browser).Order().ElementAt(2), times.Select(t => t.Server).Order().ElementAt(2));
    }

    private static long HeapAfterFullCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string WebProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdminPortal.sln"))) return Path.Combine(dir.FullName, "src", "AdminPortal.Web");
        throw new InvalidOperationException("Run the benchmark from the repository (AdminPortal.sln not found).");
    }

    /// <summary>The app's open circuits, counted as the circuits open and end.</summary>
    private sealed class OpenCircuits : CircuitHandler
    {
        private int open;
        public int Count => Volatile.Read(ref open);

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref open);
            return Task.CompletedTask;
        }
    }

    // Any public type of the Web assembly names its entry point (the benchmark has a Program of its own).
    private sealed class BenchPortal(DatabaseSettings database) : WebApplicationFactory<AdminPortal.Web.Hosting.DemoSeeder>
    {
        public OpenCircuits OpenCircuits { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.ConfigureServices(services => services.AddSingleton<CircuitHandler>(OpenCircuits));
            builder.UseEnvironment("Development");
            builder.UseSetting("Portal:SeedDemoData", "false");
            builder.UseSetting("Database:Provider", database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:AdminPortal", database.ConnectionString);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
