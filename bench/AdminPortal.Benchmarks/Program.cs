using System.Diagnostics;
using AdminPortal.Benchmarks;
using AdminPortal.Data;
using AdminPortal.Data.Queries;
using AdminPortal.Data.Stores;
using Microsoft.Extensions.DependencyInjection;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: dotnet run -c Release --project bench/AdminPortal.Benchmarks -- [objects=100000] [sqlite|postgres|both=both]
//        dotnet run -c Release --project bench/AdminPortal.Benchmarks -- preflight [entries=1000000]
//        dotnet run -c Release --project bench/AdminPortal.Benchmarks -- runs [objects=100000] [sqlite|postgres|both=both]
//        dotnet run -c Release --project bench/AdminPortal.Benchmarks -- runs-huge [objects=10000000]
//        dotnet run -c Release --project bench/AdminPortal.Benchmarks -- agent [users=20000]
//        dotnet run -c Release --project bench/AdminPortal.Benchmarks -- capacity [pages on one instance=200,500] [pages on three=1500]
// Prints, per database: full-sync throughput, the 7% delta time, the raw-write baseline and the ratio; on SQLite also
// the peak working set and the query and page timings.
if (args is ["preflight-pass", var passFile, var warmFile])
{
    await PreflightBenchmark.PassAsync(passFile, warmFile);
    return;
}
if (args is ["capacity", ..])
{
    static int[] Counts(string text) => text == "-" ? [] : text.Split(',').Select(int.Parse).ToArray();
    await CapacityBenchmark.RunAsync(Counts(args.Length > 1 ? args[1] : "200,500"), Counts(args.Length > 2 ? args[2] : "1500"));
    return;
}
if (args is ["agent", ..])
{
    var agentFolder = Directory.CreateTempSubdirectory("adminportal-bench-").FullName;
    try { await AgentBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 20_000, agentFolder); }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(agentFolder, recursive: true);
    }
    return;
}
if (args is ["runs" or "runs-huge", ..])
{
    var runFolder = Path.Combine(Path.GetTempPath(), "adminportal-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(runFolder);
    try
    {
        var objects = args.Length > 1 ? int.Parse(args[1]) : args[0] == "runs" ? 100_000 : 10_000_000;
        if (args[0] == "runs") await RunBenchmark.RunAsync(objects, args.Length > 2 ? args[2].ToLowerInvariant() : "both", runFolder);
        else await RunBenchmark.HugeAsync(objects, runFolder);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(runFolder, recursive: true);
    }
    return;
}
if (args is ["preflight", ..])
{
    var preflightFolder = Path.Combine(Path.GetTempPath(), "adminportal-bench-" + Guid.NewGuid().ToString("N")[..8]);
    Directory.CreateDirectory(preflightFolder);
    try
    {
        var n = 0;
        await PreflightBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 1_000_000, preflightFolder, async () =>
        {
            var f = await Migrated(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(preflightFolder, $"db{++n}.db")}"));
            var t = await new TenantService(new TenantStore(f), TimeProvider.System)
                .CreateAsync(new NewTenant("Bench", "contoso.onmicrosoft.com", DateTimeOffset.UtcNow, [new("contoso.com", "Managed"), new("fabrikam.com", "Federated")]), "bench", default);
            return (Sync(f), new DirectoryQueries(f), t.Id);
        });
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(preflightFolder, recursive: true);
    }
    return;
}
var count = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var which = args.Length > 1 ? args[1].ToLowerInvariant() : "both";
var folder = Path.Combine(Path.GetTempPath(), "adminportal-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
PostgresServer? postgres = null;
try
{
    Console.WriteLine($"AdminPortal sync benchmark: {count:N0} objects (60% users, 35% groups, 5% contacts, ~3 proxy addresses, ~5% duplicated values)");
    if (which is "sqlite" or "both")
    {
        var sqlite = 0;
        await RunAsync("SQLite", () => new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, $"db{++sqlite}.db")}"),
            Snapshot, withPageTimings: true);
    }
    if (which is "postgres" or "both")
    {
        // A throw-away cluster like the tests' (fsync off): the baseline runs on the same server, so the ratio is fair.
        postgres = new PostgresServer();
        await RunAsync("PostgreSQL", () => new DatabaseSettings(DatabaseProvider.Postgres, postgres.CreateDatabase()),
            settings => settings with { ConnectionString = postgres.CopyDatabase(settings.ConnectionString) }, withPageTimings: false);
    }
}
finally
{
    postgres?.Dispose();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

async Task RunAsync(string name, Func<DatabaseSettings> newDatabase, Func<DatabaseSettings, DatabaseSettings> snapshot, bool withPageTimings)
{
    Console.WriteLine($"--- {name}");
    var export = TenantGenerator.Generate(count);
    var delta = TenantGenerator.Delta(export);
    var factory = await Migrated(newDatabase());
    var tenant = await BenchDatabases.BenchTenantAsync(factory);
    var sync = Sync(factory);

    // Warm up as a running server is warm: the JIT has compiled the hot path before the measured batch arrives.
    // It runs on a database of its own, so that the baseline below copies the measured rows only.
    var warmFactory = await Migrated(newDatabase());
    var warmTenant = await new TenantService(new TenantStore(warmFactory), TimeProvider.System)
        .CreateAsync(new NewTenant("Warm-up", "warmup.onmicrosoft.com", DateTimeOffset.UtcNow, [new("contoso.com", "Managed")]), "bench", default);
    var warmSync = Sync(warmFactory);
    var warmExport = TenantGenerator.Generate(5_000, seed: 1);
    await warmSync.ApplyBatchAsync(warmTenant.Id, new SyncBatchRequest("full", warmExport), "bench", default);
    await warmSync.ApplyBatchAsync(warmTenant.Id, new SyncBatchRequest("delta", TenantGenerator.Delta(warmExport)[..40]), "bench", default);

    // The dry run of the same export against the same (empty) tenant: the whole engine, nothing written.
    var dryExport = TenantGenerator.Generate(count);
    var clock = Stopwatch.StartNew();
    await sync.DryRunAsync(tenant.Id, new SyncBatchRequest("full", Interlocked.Exchange(ref dryExport, null!)), "bench", default);
    var dryRunTime = clock.Elapsed;

    clock.Restart();
    // Handed over as the server hands over a deserialized request: nothing else keeps the raw export alive.
    var full = await sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("full", Interlocked.Exchange(ref export, null!)), "bench", default);
    var syncTime = clock.Elapsed;
    var c = full.Batch.Counts;
    var afterFullSync = snapshot(factory.Settings);
    Console.WriteLine($"full sync      : {syncTime.TotalSeconds,8:F2} s  {count / syncTime.TotalSeconds,10:N0} objects/s  (created {c.Created:N0}, failed {c.Failed:N0}, quarantined on {full.Results.Count(r => r.Quarantined.Count > 0):N0} objects)");
    Console.WriteLine($"dry run        : {dryRunTime.TotalSeconds,8:F2} s  {dryRunTime.TotalSeconds / syncTime.TotalSeconds,10:F2} x the full sync  (same export, nothing written; target <= 1.2 x)");

    clock.Restart();
    var d = await sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", delta), "bench", default);
    var deltaTime = clock.Elapsed;
    Console.WriteLine($"7% delta       : {deltaTime.TotalSeconds,8:F2} s  ({delta.Count:N0} objects: created {d.Batch.Counts.Created:N0}, updated {d.Batch.Counts.Updated:N0}, deleted {d.Batch.Counts.Deleted:N0}; target <= 2 s at 100,000)");

    if (withPageTimings)
    {
        // Read before the query and page timings (they start the web app in process) and the baseline (it copies every row into memory).
        Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MB (generated export and delta included; target <= 1,024 MB at 100,000, <= 3,072 MB at 1,000,000)");
        await QueryBenchmark.RunAsync(factory, tenant.Id);
        await CircuitBenchmark.RunAsync(factory.Settings, tenant.Id);
    }

    // The baseline writes the rows of the full sync alone, as it stood before the delta.
    var (baselineTime, rows) = await RawWriteBaseline.RunAsync(new PortalDbContextFactory(afterFullSync), await Migrated(newDatabase()));
    var how = factory.Provider == DatabaseProvider.Postgres ? "binary COPY per table" : "prepared-statement insert loop";
    Console.WriteLine($"raw baseline   : {baselineTime.TotalSeconds,8:F2} s  {count / baselineTime.TotalSeconds,10:N0} objects/s  ({rows:N0} rows, {how}, one transaction)");
    Console.WriteLine($"ratio          : {baselineTime.TotalSeconds / syncTime.TotalSeconds,8:F2}   (engine throughput / raw-write throughput; target >= 0.50)");
}

DatabaseSettings Snapshot(DatabaseSettings source) => BenchDatabases.SqliteSnapshot(source, Path.Combine(folder, "after-full-sync.db"));

static SyncService Sync(PortalDbContextFactory factory) => BenchDatabases.Services(factory).GetRequiredService<SyncService>();

static Task<PortalDbContextFactory> Migrated(DatabaseSettings settings) => BenchDatabases.MigratedAsync(settings);
