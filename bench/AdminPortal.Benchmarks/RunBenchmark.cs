using Microsoft.Extensions.Logging;
using System.Diagnostics;
using AdminPortal.Data;
using AdminPortal.SyncRules.Sync;
using AdminPortal.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Benchmarks;

/// <summary>
/// Sync runs (issue 22): a full export sent in pages of 5,000 and committed, in process and then over HTTP to the real
/// portal in its own process; the raw-write baseline of the same rows; the 7% delta as a run; the server's peak
/// working set. Every figure beside its baseline of the same run.
/// </summary>
public static class RunBenchmark
{
    // The same pages in process as over HTTP.
    private const int PageObjects = PortalApi.PageObjects;

    public static async Task RunAsync(int count, string which, string folder)
    {
        Console.WriteLine($"AdminPortal sync-run benchmark: {count:N0} objects in pages of {PageObjects:N0} (60% users, 35% groups, 5% contacts, ~3 proxy addresses, ~5% duplicated values)");
        if (which is "sqlite" or "both")
        {
            var n = 0;
            await OneDatabaseAsync("SQLite", count, () => new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, $"runs{++n}.db")}"),
                s => BenchDatabases.SqliteSnapshot(s, Path.Combine(folder, $"runs-snapshot{++n}.db")));
        }
        if (which is "postgres" or "both")
        {
            using var postgres = new PostgresServer();
            await OneDatabaseAsync("PostgreSQL", count, () => new DatabaseSettings(DatabaseProvider.Postgres, postgres.CreateDatabase()),
                s => s with { ConnectionString = postgres.CopyDatabase(s.ConnectionString) });
        }
    }

    /// <summary>Only the full run, in process, its pages generated as they are sent: a directory too large to hold (10,000,000).</summary>
    public static async Task HugeAsync(int count, string folder)
    {
        Console.WriteLine($"AdminPortal sync-run benchmark, one full run of {count:N0} objects in pages of {PageObjects:N0}, SQLite file, in process");
        // The commit's progress (each tenth, at Information) on the console, with the time: a run of an hour says how far it has got.
        var (runs, tenant, factory) = await NewTenantAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "huge.db")}"),
            log => log.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
                .AddFilter((category, level) => category == typeof(RunCommitter).FullName && level >= LogLevel.Information));
        await WarmUpAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "huge-warm.db")}"));
        var (stage, commit, outcome) = await InProcessAsync(runs, tenant, "full", TenantGenerator.Stream(count));
        Report("full run", count, stage, commit, outcome);
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0,8:N0} MB  (the process is the server; pages generated as sent)");
        Console.WriteLine($"database file  : {new FileInfo(Path.Combine(folder, "huge.db")).Length / 1073741824.0,8:N1} GB");
        _ = factory;
    }

    private static async Task OneDatabaseAsync(string name, int count, Func<DatabaseSettings> newDatabase, Func<DatabaseSettings, DatabaseSettings> snapshot)
    {
        Console.WriteLine($"--- {name}");
        await WarmUpAsync(newDatabase());

        var (runs, tenant, factory) = await NewTenantAsync(newDatabase());
        TimeSpan stage, commit;
        BatchOutcome outcome;
        using (var spans = new SpanTimes())
        {
            (stage, commit, outcome) = await InProcessAsync(runs, tenant, "full", TenantGenerator.Stream(count));
            Report("full run", count, stage, commit, outcome);
            Console.WriteLine($"  commit spans : {spans}");
        }
        var inProcess = stage + commit;
        var afterFull = snapshot(factory.Settings);

        var delta = TenantGenerator.Delta(TenantGenerator.Generate(count));
        using (var spans = new SpanTimes())
        {
            var (dStage, dCommit, d) = await InProcessAsync(runs, tenant, "delta", delta);
            Console.WriteLine($"7% delta       : {(dStage + dCommit).TotalSeconds,8:F2} s  ({delta.Count:N0} objects in {(delta.Count + PageObjects - 1) / PageObjects} pages: staged {dStage.TotalSeconds:F2} s, committed {dCommit.TotalSeconds:F2} s; created {d.Batch.Counts.Created:N0}, updated {d.Batch.Counts.Updated:N0}, deleted {d.Batch.Counts.Deleted:N0}; target <= 2 s at 100,000)");
            Console.WriteLine($"  commit spans : {spans}");
        }

        var (baseline, rows) = await RawWriteBaseline.RunAsync(new PortalDbContextFactory(afterFull), await BenchDatabases.MigratedAsync(newDatabase()));
        var how = factory.Provider == DatabaseProvider.Postgres ? "binary COPY per table" : "prepared-statement insert loop";
        var target = factory.Provider == DatabaseProvider.Postgres ? 0.70 : 0.85;
        Console.WriteLine($"raw baseline   : {baseline.TotalSeconds,8:F2} s  {count / baseline.TotalSeconds,10:N0} objects/s  ({rows:N0} rows, {how}, one transaction)");
        Console.WriteLine($"ratio          : {baseline.TotalSeconds / inProcess.TotalSeconds,8:F2}   (run throughput / raw-write throughput; target >= {target:F2})");

        var (http, serverPeak, httpOutcome) = await OverHttpAsync(newDatabase(), count);
        Report("over HTTP", count, TimeSpan.Zero, http, httpOutcome);
        Console.WriteLine($"HTTP ratio     : {inProcess.TotalSeconds / http.TotalSeconds,8:F2}   (HTTP throughput / in-process throughput; target >= 0.80)");
        Console.WriteLine($"server peak    : {serverPeak / 1048576.0,8:N0} MB  (the portal process's peak resident set, VmHWM, during the HTTP run; target <= 1,024 MB at 1,000,000)");
    }

    private static void Report(string what, int count, TimeSpan stage, TimeSpan commit, BatchOutcome outcome)
    {
        var total = stage + commit;
        var parts = stage > TimeSpan.Zero ? $"staged {stage.TotalSeconds:F2} s, committed {commit.TotalSeconds:F2} s; " : "";
        var c = outcome.Batch.Counts;
        Console.WriteLine($"{what,-15}: {total.TotalSeconds,8:F2} s  {count / total.TotalSeconds,10:N0} objects/s  ({parts}created {c.Created:N0}, failed {c.Failed:N0})");
    }

    /// <summary>
    /// Open, pages of 5,000 as they come, commit: the time to stage them and the time of the commit until it answers. Then the
    /// run's staged pages are removed (in the portal, in the background once the commit has answered), timed and printed
    /// apart, so that nothing measured next runs beside them.
    /// </summary>
    internal static async Task<(TimeSpan Stage, TimeSpan Commit, BatchOutcome Outcome)> InProcessAsync(SyncRunService runs, Guid tenant, string mode,
        IEnumerable<IncomingObject> objects)
    {
        var clock = Stopwatch.StartNew();
        var run = await runs.OpenAsync(tenant, mode, "bench", default);
        // Each page generated while the one before is staged, as the HTTP client writes its next page's JSON meanwhile.
        await foreach (var page in PagesAhead.OfAsync(objects, PageObjects, page => page)) run = await runs.AddPageAsync(tenant, run.Id, page, default);
        var stage = clock.Elapsed;
        clock.Restart();
        var outcome = await runs.CommitAsync(tenant, run.Id, default);
        var commit = clock.Elapsed;
        clock.Restart();
        await runs.SweepAsync(default);
        Console.WriteLine($"  ({mode} run of {outcome.Batch.ObjectCount:N0}: its staged pages removed after the commit's answer in {clock.Elapsed.TotalSeconds:F2} s)");
        return (stage, commit, outcome);
    }

    /// <summary>The export sent in pages over loopback to the real portal in its own process, as a sync client would.</summary>
    private static async Task<(TimeSpan Elapsed, long ServerPeak, BatchOutcome Outcome)> OverHttpAsync(DatabaseSettings database, int count)
    {
        await using var portal = await PortalProcess.StartAsync(database);
        var http = portal.Http;
        var tenant = await portal.CreateTenantAsync("Bench");
        // Warm the server's JIT as a running server is warm, on another tenant.
        await PortalApi.SendFullRunAsync(http, await portal.CreateTenantAsync("Warm"), TenantGenerator.Stream(5_000, seed: 1));

        var clock = Stopwatch.StartNew();
        var committed = await PortalApi.SendFullRunAsync(http, tenant, TenantGenerator.Stream(count));
        var elapsed = clock.Elapsed;
        var counts = committed["counts"]!;
        var outcome = new BatchOutcome(new SyncBatchRecord(Guid.Parse(committed["id"]!.GetValue<string>()), Guid.Parse(tenant), SyncMode.Full, DateTimeOffset.UtcNow, "bench", count,
            new OutcomeCounts(counts["created"]!.GetValue<int>(), counts["matched"]!.GetValue<int>(), counts["updated"]!.GetValue<int>(),
                counts["unchanged"]!.GetValue<int>(), counts["deleted"]!.GetValue<int>(), counts["failed"]!.GetValue<int>())), []);
        return (elapsed, portal.PeakResident, outcome);
    }

    internal static async Task WarmUpAsync(DatabaseSettings database)
    {
        var (runs, tenant, _) = await NewTenantAsync(database);
        await InProcessAsync(runs, tenant, "full", TenantGenerator.Stream(5_000, seed: 1));
    }

    internal static async Task<(SyncRunService Runs, Guid Tenant, PortalDbContextFactory Factory)> NewTenantAsync(DatabaseSettings database,
        Action<ILoggingBuilder>? log = null)
    {
        var factory = await BenchDatabases.MigratedAsync(database);
        var tenant = await BenchDatabases.BenchTenantAsync(factory);
        // As in the portal, a commit answers before its staged pages are removed (InProcessAsync removes them after, timed apart).
        return (BenchDatabases.Services(factory, log, s => s.AddSingleton<StagedPagesRemoval>()).GetRequiredService<SyncRunService>(), tenant.Id, factory);
    }

    /// <summary>The time spent in each of the commit's spans (plan: read, load, decide; write), summed over its chunks.</summary>
    private sealed class SpanTimes : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> seconds = new();
        private readonly ActivityListener listener;

        public SpanTimes()
        {
            listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == SyncRules.Telemetry.SyncTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a => seconds.AddOrUpdate(a.OperationName, a.Duration.TotalSeconds, (_, s) => s + a.Duration.TotalSeconds),
            };
            ActivitySource.AddActivityListener(listener);
        }

        public override string ToString() => string.Join(", ", seconds.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:F2} s"));

        public void Dispose() => listener.Dispose();
    }
}
