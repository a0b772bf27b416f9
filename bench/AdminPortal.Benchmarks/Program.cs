using Microsoft.Extensions.Logging.Abstractions;
using System.Diagnostics;
using AdminPortal.Benchmarks;
using AdminPortal.Data;
using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;

// Usage: dotnet run -c Release --project bench/AdminPortal.Benchmarks -- [objects=100000]
// Prints: full-sync throughput, the raw-write baseline and the ratio, the 7% delta time, peak working set.
var count = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var folder = Path.Combine(Path.GetTempPath(), "adminportal-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(folder);
try
{
    Console.WriteLine($"AdminPortal sync benchmark: {count:N0} objects (60% users, 35% groups, 5% contacts, ~3 proxy addresses, ~5% duplicated values)");
    var export = TenantGenerator.Generate(count);
    var delta = TenantGenerator.Delta(export);
    var snapshotFile = Path.Combine(folder, "after-full-sync.db");

    var factory = await Migrated(Path.Combine(folder, "sync.db"));
    var tenant = await new TenantService(new TenantStore(factory), TimeProvider.System)
        .CreateAsync(new NewTenant("Bench", "contoso.onmicrosoft.com", DateTimeOffset.UtcNow, [new("contoso.com", "Managed"), new("fabrikam.com", "Federated")]), "bench", default);
    var sync = new SyncService(new SyncStore(factory), SyncEngine.CreateDefault(new SharedRandomDigits()), new TenantLocks(), TimeProvider.System, NullLogger<SyncService>.Instance);
    // The 1% deletions of the delta exceed the default 500-delete guard; raise it as an admin would for a known clean-up.
    await new FeatureService(new TenantStore(factory), TimeProvider.System, NullLogger<FeatureService>.Instance).SetDeletionPreventionAsync(tenant.Id,
        AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForPercentage, 5), "bench", default);

    // Warm up as a running server is warm: the JIT has compiled the hot path before the measured batch arrives.
    // It runs on a database of its own, so that the baseline below copies the measured rows only.
    var warmFactory = await Migrated(Path.Combine(folder, "warm-up.db"));
    var warmTenant = await new TenantService(new TenantStore(warmFactory), TimeProvider.System)
        .CreateAsync(new NewTenant("Warm-up", "warmup.onmicrosoft.com", DateTimeOffset.UtcNow, [new("contoso.com", "Managed")]), "bench", default);
    var warmSync = new SyncService(new SyncStore(warmFactory), SyncEngine.CreateDefault(new SharedRandomDigits()), new TenantLocks(), TimeProvider.System, NullLogger<SyncService>.Instance);
    var warmExport = TenantGenerator.Generate(5_000, seed: 1);
    await warmSync.ApplyBatchAsync(warmTenant.Id, new SyncBatchRequest("full", warmExport), "bench", default);
    await warmSync.ApplyBatchAsync(warmTenant.Id, new SyncBatchRequest("delta", TenantGenerator.Delta(warmExport)[..40]), "bench", default);

    var clock = Stopwatch.StartNew();
    // Handed over as the server hands over a deserialized request: nothing else keeps the raw export alive.
    var full = await sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("full", Interlocked.Exchange(ref export, null!)), "bench", default);
    var syncTime = clock.Elapsed;
    var c = full.Batch.Counts;
    Snapshot(Path.Combine(folder, "sync.db"), snapshotFile);
    Console.WriteLine($"full sync      : {syncTime.TotalSeconds,8:F2} s  {count / syncTime.TotalSeconds,10:N0} objects/s  (created {c.Created:N0}, failed {c.Failed:N0}, quarantined on {full.Results.Count(r => r.Quarantined.Count > 0):N0} objects)");

    clock.Restart();
    var d = await sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", delta), "bench", default);
    var deltaTime = clock.Elapsed;
    Console.WriteLine($"7% delta       : {deltaTime.TotalSeconds,8:F2} s  ({delta.Count:N0} objects: created {d.Batch.Counts.Created:N0}, updated {d.Batch.Counts.Updated:N0}, deleted {d.Batch.Counts.Deleted:N0}; target <= 2 s at 100,000)");

    // Read before the query and page timings (they start the web app in process) and the baseline (it copies every row into memory).
    Console.WriteLine($"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MB (generated export and delta included; target <= 1,024 MB at 100,000, <= 3,072 MB at 1,000,000)");

    await QueryBenchmark.RunAsync(factory, tenant.Id);
    await PageBenchmark.RunAsync(factory.Settings, tenant.Id);

    await Migrated(Path.Combine(folder, "baseline.db"));
    // The baseline writes the rows of the full sync alone, as it stood before the delta.
    var (baselineTime, rows) = RawWriteBaseline.Run(snapshotFile, Path.Combine(folder, "baseline.db"));
    Console.WriteLine($"raw baseline   : {baselineTime.TotalSeconds,8:F2} s  {count / baselineTime.TotalSeconds,10:N0} objects/s  ({rows:N0} rows, prepared-statement insert loop, one transaction)");
    Console.WriteLine($"ratio          : {baselineTime.TotalSeconds / syncTime.TotalSeconds,8:F2}   (engine throughput / raw-write throughput; target >= 0.50)");
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

// A consistent copy of a WAL-mode database (a plain file copy could miss pages still in the WAL).
static void Snapshot(string source, string target)
{
    using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={source}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = $"VACUUM INTO '{target}'";
    command.ExecuteNonQuery();
}

static async Task<PortalDbContextFactory> Migrated(string file)
{
    var factory = new PortalDbContextFactory(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}"));
    await new DatabaseInitializer(factory).MigrateAsync();
    return factory;
}
