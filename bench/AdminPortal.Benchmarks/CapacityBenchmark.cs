using System.Diagnostics;
using AdminPortal.Data;
using AdminPortal.SyncRules.Sync;
using AdminPortal.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AdminPortal.Benchmarks;

/// <summary>
/// How many admins one instance serves, on PostgreSQL: N conflicts pages open in Chromium, one in ten of them clicking
/// (next page, sort, filter in turn) every 5 seconds for a minute. Printed per N: the p95 time per interaction, the
/// server's (Blazor's event handling, read from its metrics in this process) and the browser's (click to new rows), and
/// the managed heap per open page (full collections before and after the pages opened). First one instance in this
/// process at N = 200 and 500, then three real instances behind nginx (scripts/cluster.sh) at N = 1,500, where only the
/// browser's time can be read. The tenant holds a 20,000-object export with its conflicts, sent through the sync API.
/// </summary>
public static class CapacityBenchmark
{
    private const int Objects = 20_000;
    private const int PagesPerContext = 25;
    private const int PagesPerBrowser = 500;
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5), Window = TimeSpan.FromMinutes(1);

    public static async Task RunAsync(IReadOnlyList<int> oneInstance, IReadOnlyList<int> threeInstances)
    {
        Console.WriteLine($"AdminPortal capacity benchmark: conflicts pages open in Chromium, 1 in 10 clicking every {Every.TotalSeconds:N0} s for {Window.TotalMinutes:N0} min, PostgreSQL");
        using var playwright = await Playwright.CreateAsync();
        if (oneInstance.Count > 0)
        {
            using var postgres = new PostgresServer();
            var factory = await BenchDatabases.MigratedAsync(new DatabaseSettings(DatabaseProvider.Postgres, postgres.CreateDatabase()));
            var tenant = await BenchDatabases.BenchTenantAsync(factory);
            await BenchDatabases.Services(factory).GetRequiredService<SyncService>()
                .ApplyBatchAsync(tenant.Id, new SyncBatchRequest("full", TenantGenerator.Generate(Objects)), "bench", default);
            await using var app = new BenchPortal(factory.Settings);
            var baseUrl = app.Start();
            foreach (var n in oneInstance)
                await MeasureAsync(playwright, $"one instance, {n,5:N0} pages", baseUrl, $"{baseUrl}/tenants/{tenant.Id}/conflicts", n, app.OpenCircuits, [Environment.ProcessId]);
        }
        if (threeInstances.Count > 0)
        {
            var cluster = NginxCluster.Of(3, new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            await cluster.InitializeAsync();
            try
            {
                var tenant = await SyncThroughApiAsync(cluster.BaseUrl);
                foreach (var n in threeInstances)
                    await MeasureAsync(playwright, $"three instances behind nginx, {n,5:N0} pages", cluster.BaseUrl, $"{cluster.BaseUrl}/tenants/{tenant}/conflicts", n,
                        circuits: null, cluster.Instances.Select(i => i.Pid).ToArray());
            }
            finally { await cluster.DisposeAsync(); }
        }
    }

    private static async Task MeasureAsync(IPlaywright playwright, string label, string baseUrl, string url, int n, OpenCircuits? circuits, int[] servers)
    {
        var heapBefore = circuits is null ? 0 : BenchPortal.HeapAfterFullCollection();
        var opening = Stopwatch.StartNew();
        var browsers = new List<IBrowser>();
        var pages = new List<IPage>();
        try
        {
            // Browsers of at most 500 pages, contexts of 25 (each its own cookies: behind nginx, its own instance).
            for (var opened = 0; opened < n; opened += PagesPerBrowser)
                browsers.Add(await GridDriver.LaunchAsync(playwright, renderers: 8, lowestPriority: true));
            var contexts = new List<IBrowserContext>();
            for (var c = 0; c * PagesPerContext < n; c++)
                contexts.Add(await GridDriver.SignedInAsync(browsers[c * PagesPerContext / PagesPerBrowser], baseUrl));
            using var gate = new SemaphoreSlim(8);
            var memoryLeft = true;
            var opens = Enumerable.Range(0, n).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    // Chromium needs ~25 MB per open page on this machine, beside the servers: the run stops opening
                    // pages before the machine runs out of memory, and says so.
                    if (!memoryLeft || MemoryAvailable() < MemoryKeptFree) { memoryLeft = false; return; }
                    var page = await contexts[i / PagesPerContext].NewPageAsync();
                    await GridDriver.OpenLiveAsync(page, url);
                    lock (pages) pages.Add(page);
                }
                finally { gate.Release(); }
            });
            await Task.WhenAll(opens);
            var openTime = opening.Elapsed;
            if (pages.Count < n)
            {
                Console.WriteLine($"{label}: only {pages.Count:N0} pages opened: the machine's memory ran out in Chromium (less than {MemoryKeptFree / 1073741824.0:N1} GB available); measured with those");
                label = label.Replace($"{n,5:N0} pages", $"{pages.Count,5:N0} pages");
            }
            var heapPerPage = circuits is null ? double.NaN : (BenchPortal.HeapAfterFullCollection() - heapBefore) / (double)pages.Count;

            // Warm, as a running server is: each interaction once before the measured minute.
            foreach (var action in new[] { GridDriver.NextPage, GridDriver.Sort, GridDriver.Filter("Vera"), GridDriver.Filter("") })
                await GridDriver.ClickToRowsAsync(pages[0], action);

            // One in ten pages clicks every 5 seconds, each starting at its own moment in the first period.
            var clicking = pages.Where((_, i) => i % 10 == 0).ToList();
            var browserTimes = new List<double>();
            var stuck = 0;
            ServerTime.StartWindow();
            var cpuBefore = (Server: ProcessCpu.Of(servers), Database: ProcessCpu.Named("postgres"), Browser: ProcessCpu.Named("chromium"));
            var until = DateTime.UtcNow + Window;
            await Task.WhenAll(clicking.Select(async (page, i) =>
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next((int)Every.TotalMilliseconds)));
                for (var turn = i; DateTime.UtcNow < until; turn++)
                {
                    var started = Stopwatch.StartNew();
                    var action = (turn % 3) switch { 0 => GridDriver.NextPage, 1 => GridDriver.Sort, _ => GridDriver.Filter(turn % 2 == 0 ? "Vera" : "Adele") };
                    var ms = await GridDriver.ClickToRowsAsync(page, action);
                    lock (browserTimes) { if (ms < 0) stuck++; else browserTimes.Add(ms); }
                    var rest = Every - started.Elapsed;
                    if (rest > TimeSpan.Zero) await Task.Delay(rest);
                }
            }));
            var serverTimes = ServerTime.StopWindow();
            var cpu = (Server: ProcessCpu.Of(servers) - cpuBefore.Server, Database: ProcessCpu.Named("postgres") - cpuBefore.Database,
                       Browser: ProcessCpu.Named("chromium") - cpuBefore.Browser);
            Console.WriteLine($"{label}: open in {openTime.TotalSeconds,5:N0} s; {browserTimes.Count + stuck:N0} interactions by {clicking.Count} pages" +
                              (stuck > 0 ? $" ({stuck} without new rows within 10 s)" : ""));
            if (circuits is not null)
                Console.WriteLine($"  server, p95 of {serverTimes.Count:N0} clicks handled {Percentile(serverTimes, 0.95),6:F1} ms (median {Percentile(serverTimes, 0.5):F1}; target <= 100 ms); " +
                                  $"managed heap per open page {heapPerPage / 1048576.0:F2} MB (target <= 2 MB)");
            Console.WriteLine($"  cores used in the minute: portal {cpu.Server / Window.TotalSeconds:F2}{(circuits is not null ? " (this process: the Playwright client too)" : "")}, " +
                              $"PostgreSQL {cpu.Database / Window.TotalSeconds:F2}, Chromium {cpu.Browser / Window.TotalSeconds:F2} of {Environment.ProcessorCount}");
            Console.WriteLine($"  p95 click to new rows in the browser {Percentile(browserTimes, 0.95),6:F1} ms (median {Percentile(browserTimes, 0.5):F1}; server, loopback{(circuits is null ? ", nginx" : "")} and the browser's DOM update)");
        }
        finally
        {
            // In process, the circuits end before the next N is measured; a cluster is stopped whole.
            if (circuits is not null) await GridDriver.CloseAllAsync(pages, circuits);
            foreach (var browser in browsers) await browser.DisposeAsync();
        }
    }

    /// <summary>A tenant on the cluster with the benchmark's export sent through nginx as a sync client sends it: a run in pages of 5,000.</summary>
    private static async Task<string> SyncThroughApiAsync(string baseUrl)
    {
        using var http = PortalApi.Client(new Uri(baseUrl));
        var tenant = await PortalApi.CreateTenantAsync(http, "Bench");
        await PortalApi.SendFullRunAsync(http, tenant, TenantGenerator.Generate(Objects));
        return tenant;
    }

    private const long MemoryKeptFree = 2_500L << 20;

    /// <summary>The kernel's estimate of the memory available for new work (MemAvailable), in bytes.</summary>
    private static long MemoryAvailable() =>
        File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemAvailable:")).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
    }
}
