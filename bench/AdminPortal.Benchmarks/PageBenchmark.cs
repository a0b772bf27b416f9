using System.Diagnostics;
using System.Text.RegularExpressions;
using AdminPortal.Data;
using AdminPortal.Data.Queries;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The conflicts page rendered by the real app over the benchmark's database (in process, no network): page 1 and
/// page 1,000 (50 rows a page, reached by its cursor, as the Next link does). Median of 5 warm renders each.
/// </summary>
public static partial class PageBenchmark
{
    private const int PageSize = 50;

    public static async Task RunAsync(DatabaseSettings database, Guid tenantId)
    {
        // Outside a test project the factory cannot guess the Web project's folder; tell it (its documented override).
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_ADMINPORTAL_WEB", WebProjectFolder());
        await using var app = new BenchPortal(database);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await client.GetStringAsync("/signin/dev");
        var token = Token().Match(signIn).Groups[1].Value;
        await client.PostAsync("/signin/dev", new FormUrlEncodedContent([new("name", "bench"), new("role", "Portal.Reader"), new("__RequestVerificationToken", token)]));

        var conflicts = new ConflictQueries(new PortalDbContextFactory(database));
        var (total, _) = await conflicts.CountAsync(tenantId, default);
        var url = $"/tenants/{tenantId}/conflicts";
        var first = await Median(client, url);
        var deepPage = Math.Min(1000, (total - 1) / PageSize + 1);
        var cursor = deepPage > 1 ? (await conflicts.ListAsync(tenantId, new ConflictFilter(), (deepPage - 1) * PageSize, null, default)).NextCursor : null;
        var deep = await Median(client, cursor is null ? url : $"{url}?cursor={cursor}");
        Console.WriteLine($"conflicts page ({total:N0} conflicts): page 1 {first,6:F1} ms, page {deepPage:N0} {deep,6:F1} ms  (rendered on the server; target <= 100 ms each)");
    }

    private static async Task<double> Median(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        if (!html.Contains("<table")) throw new InvalidOperationException($"{url} did not render the conflict table.");
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            (await client.GetAsync(url)).EnsureSuccessStatusCode();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(2);
    }

    private static string WebProjectFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdminPortal.sln"))) return Path.Combine(dir.FullName, "src", "AdminPortal.Web");
        throw new InvalidOperationException("Run the benchmark from the repository (AdminPortal.sln not found).");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();

    // Any public type of the Web assembly names its entry point (the benchmark has a Program of its own).
    private sealed class BenchPortal(DatabaseSettings database) : WebApplicationFactory<AdminPortal.Web.Hosting.DemoSeeder>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Portal:SeedDemoData", "false");
            builder.UseSetting("Database:Provider", database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:AdminPortal", database.ConnectionString);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
        }
    }
}
