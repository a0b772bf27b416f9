using AdminPortal.Data;
using AdminPortal.Data.Queries;
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

    public static async Task RunAsync(DatabaseSettings database, Guid tenantId)
    {
        var (conflicts, _) = await new ConflictQueries(new PortalDbContextFactory(database)).CountAsync(tenantId, default);
        await using var app = new BenchPortal(database);
        var baseUrl = app.Start();
        var url = $"{baseUrl}/tenants/{tenantId}/conflicts";

        ServerTime.Start();
        ServerTime.Stop();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await GridDriver.LaunchAsync(playwright);
        var context = await GridDriver.SignedInAsync(browser, baseUrl);
        var page = await context.NewPageAsync();

        await GridDriver.OpenLiveAsync(page, url);
        var next = await Median(() => TimedAsync(page, GridDriver.NextPage));
        var sort = await Median(() => TimedAsync(page, GridDriver.Sort));
        var searches = new[] { "Vera", "Adele" };
        var turn = 0;
        var filter = await Median(() => TimedAsync(page, GridDriver.Filter(searches[turn++ % 2])));
        Console.WriteLine($"conflicts grid ({conflicts:N0} conflicts), server time per interaction: next page {next.Server,5:F1} ms, sort {sort.Server,5:F1} ms, filter {filter.Server,5:F1} ms  (target <= 50 ms each)");
        Console.WriteLine($"  the same, click to new rows seen in the browser: next page {next.Browser,5:F1} ms, sort {sort.Browser,5:F1} ms, filter {filter.Browser,5:F1} ms  (server, loopback and the browser's DOM update)");

        // The baseline first: the same shell around the smallest page, the list of tenants (one here). Its pages close
        // again, and their circuits end, before the conflicts pages open: with all 400 open a page once never connected
        // (perhaps Chromium's pool of about 256 sockets per browser).
        var start = BenchPortal.HeapAfterFullCollection();
        var shells = await OpenManyAsync(context, baseUrl + "/", ".mud-card");
        var withShells = BenchPortal.HeapAfterFullCollection();
        await GridDriver.CloseAllAsync(shells, app.OpenCircuits, remaining: 1);
        var afterShells = BenchPortal.HeapAfterFullCollection();
        var conflictsPages = await OpenManyAsync(context, url, $"{GridDriver.Grid} tbody tr");
        var withConflicts = BenchPortal.HeapAfterFullCollection();
        double perShell = (withShells - start) / Circuits, perConflictsPage = (withConflicts - afterShells) / Circuits;
        Console.WriteLine($"server memory per open conflicts-page circuit: {perConflictsPage / 1024.0,6:N0} KB  ({Circuits} circuits, managed heap {afterShells / 1048576.0:N0} MB -> {withConflicts / 1048576.0:N0} MB; target <= 500 KB)");
        Console.WriteLine($"  baseline, the shell around the tenants list: {perShell / 1024.0,6:N0} KB per circuit; the conflicts page is {perConflictsPage / perShell:F2} x the shell");
        await GridDriver.CloseAllAsync(conflictsPages, app.OpenCircuits, remaining: 1);
    }

    /// <summary><see cref="Circuits"/> pages of <paramref name="url"/>, each live and showing <paramref name="ready"/>.</summary>
    private static async Task<List<IPage>> OpenManyAsync(IBrowserContext context, string url, string ready)
    {
        var pages = new List<IPage>();
        for (var i = 0; i < Circuits; i++)
        {
            var p = await context.NewPageAsync();
            await GridDriver.OpenLiveAsync(p, url, ready);
            pages.Add(p);
        }
        return pages;
    }

    /// <summary>Runs <paramref name="action"/> in the page and answers the milliseconds until the grid's rows change and it stops loading.</summary>
    private static async Task<(double Browser, double Server)> TimedAsync(IPage page, string action)
    {
        ServerTime.Start();
        var elapsed = await GridDriver.ClickToRowsAsync(page, action);
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
}
