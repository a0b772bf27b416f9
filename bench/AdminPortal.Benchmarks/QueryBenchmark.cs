using AdminPortal.SyncRules.ReadModels;
using System.Diagnostics;
using AdminPortal.Data;
using AdminPortal.Data.Queries;
using AdminPortal.SyncRules.Directory;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The Graph-compatible list at scale: a $filter query's first page and its page 1,000 (reached by key, as the
/// nextLink does); and the tenant dashboard's counters and charts, read on every load and live change. Each figure is
/// the median of 5 warm runs.
/// </summary>
public static class QueryBenchmark
{
    private const int Top = 100;

    public static async Task RunAsync(PortalDbContextFactory factory, Guid tenantId)
    {
        var queries = new DirectoryQueries(factory);
        await Report(factory, queries, tenantId, "onPremisesSyncEnabled eq true", new DirectoryFilter(OnPremisesSyncEnabled: true));
        await Report(factory, queries, tenantId, "provisioningErrors/any(PropertyConflict)", new DirectoryFilter(HasPropertyConflict: true));
        var conflicts = new ConflictQueries(factory);
        var dashboard = new DashboardQueries(factory, conflicts, new BatchQueries(factory));
        var health = await Median(() => dashboard.HealthAsync(tenantId, default));
        Console.WriteLine($"dashboard counters and charts                     : {health,6:F1} ms  (every load of the dashboard and every live change while open)");
    }

    private static async Task Report(PortalDbContextFactory factory, DirectoryQueries queries, Guid tenantId, string name, DirectoryFilter filter)
    {
        var first = await Median(() => queries.ListAsync(tenantId, ObjectType.User, filter, Top, null, default));
        // The key the nextLink of page 999 carries: the id of the 99,900th match (found untimed).
        var deep = await KeyBefore(factory, tenantId, filter, 999 * Top);
        var label = deep.Page == 1000 ? "page 1,000" : $"page {deep.Page:N0} (last)";
        var last = await Median(() => queries.ListAsync(tenantId, ObjectType.User, filter, Top, deep.After, default));
        Console.WriteLine($"$filter {name,-42}: page 1 {first,6:F1} ms, {label} {last,6:F1} ms  (target <= 100 ms; deep <= 2x page 1)");
    }

    private static async Task<double> Median(Func<Task> query)
    {
        await query();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await query();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(2);
    }

    private static async Task<(Guid? After, int Page)> KeyBefore(PortalDbContextFactory factory, Guid tenantId, DirectoryFilter filter, int skip)
    {
        await using var db = factory.CreateDbContext();
        var users = DirectoryQueries.Matching(db, tenantId, ObjectType.User, filter);
        var count = await users.CountAsync();
        var position = Math.Min(skip, (count - 1) / Top * Top);
        if (position == 0) return (null, 1);
        var key = await users.OrderBy(o => o.Id).Skip(position - 1).Select(o => o.Id).FirstAsync();
        return (key, position / Top + 1);
    }
}
