using System.Diagnostics;
using System.Text;
using AdminPortal.ActiveDirectory;
using AdminPortal.ActiveDirectory.Checks;
using AdminPortal.ActiveDirectory.Ldif;
using AdminPortal.ActiveDirectory.Preflight;
using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The pre-flight of an AD export (issue 21, point 7): a generated LDIF of N entries as ldifde writes it, read, mapped
/// and checked with IdFix's rules as a stream, beside the baseline of reading the same file's lines and nothing else;
/// then the what-if of 100,000 objects beside the dry run of the same objects, both against one (empty) tenant.
/// </summary>
public static class PreflightBenchmark
{
    public static async Task RunAsync(int count, string folder, Func<Task<(SyncService Sync, IDirectoryQueries Directory, Guid Tenant)>> newTenant)
    {
        Console.WriteLine($"AdminPortal pre-flight benchmark: an LDIF export of {count:N0} entries");
        var file = Path.Combine(folder, "export.ldf");
        var bytes = Write(file, TenantGenerator.Generate(count));
        Console.WriteLine($"file           : {bytes / 1048576.0,8:N0} MB");
        GC.Collect();

        // Warm: the JIT has compiled the reader, the mapping and the rules before the measured pass (in the child).
        var warm = Path.Combine(folder, "warm.ldf");
        Write(warm, TenantGenerator.Generate(5_000, seed: 1));

        var clock = Stopwatch.StartNew();
        var lines = 0L;
        using (var reader = new StreamReader(file, Encoding.UTF8))
            while (reader.ReadLine() is not null) lines++;
        var baseline = clock.Elapsed;
        Console.WriteLine($"lines baseline : {baseline.TotalSeconds,8:F2} s  {count / baseline.TotalSeconds,10:N0} entries/s  ({lines:N0} lines read by StreamReader.ReadLine, nothing else)");

        // Measured in a process of its own, so that its peak working set is the pass's alone (not the generator's).
        var pass = Pass(file);
        Console.WriteLine($"read+map+check : {pass.Seconds,8:F2} s  {pass.Entries / pass.Seconds,10:N0} entries/s  ({pass.Skipped:N0} skipped, {pass.Findings:N0} findings; target >= 50,000 entries/s)");
        Console.WriteLine($"ratio          : {baseline.TotalSeconds / pass.Seconds,8:F2}   (read+map+check throughput / line-reading throughput)");
        Console.WriteLine($"peak working set: {pass.PeakMegabytes,7:N0} MB (the pass's process, from start to end; target <= 1,024 MB)");

        // The what-if against the dry run, 100,000 objects (or fewer if asked), each against a fresh empty tenant.
        var whatIfCount = Math.Min(count, 100_000);
        var small = Path.Combine(folder, "what-if.ldf");
        Write(small, TenantGenerator.Generate(whatIfCount, seed: 7));
        // Each run on a fresh empty tenant, the heap emptied of the previous run's objects before each; seven rounds,
        // the medians. The ratio is the median of each round's what-if over the same round's JSON dry run, taken seconds
        // apart, so a slow minute of the machine weighs on both sides of it.
        // One round of each path first, not counted: the runtime recompiles hot methods in the background for a while
        // after they are first used, and the first rounds would otherwise measure that rather than the paths.
        var warmMapped = await MappedAsync(small);
        var (warmDry, _, warmTenant) = await newTenant();
        await warmDry.DryRunAsync(warmTenant, new SyncBatchRequest("full", warmMapped), "bench", default);
        await JsonDryRunAsync(await newTenant(), warmMapped);
        warmMapped = null!;
        await WhatIfAsync(await newTenant(), small);
        var (memory, json, whatIf) = (new List<double>(), new List<Cost>(), new List<Cost>());
        PreflightReport? report = null;
        var objects = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var mapped = await MappedAsync(small);
            objects = mapped.Count;
            var (dry, _, dryTenant) = await newTenant();
            Settle();
            var timer = Stopwatch.StartNew();
            await dry.DryRunAsync(dryTenant, new SyncBatchRequest("full", mapped), "bench", default);
            memory.Add(timer.Elapsed.TotalSeconds);
            json.Add(await JsonDryRunAsync(await newTenant(), mapped));
            mapped = null!;
            (report, var cost) = await WhatIfAsync(await newTenant(), small);
            whatIf.Add(cost);
        }
        Console.WriteLine($"dry run        : {Median(memory),8:F2} s  ({objects:N0} objects mapped from the file, held in memory, decided by the engine; median of {Rounds}: {string.Join(", ", memory.Select(x => x.ToString("F2")))})");
        var (jsonSeconds, whatIfSeconds) = (json.Select(c => c.Seconds).ToList(), whatIf.Select(c => c.Seconds).ToList());
        Console.WriteLine($"dry run (JSON) : {Median(jsonSeconds),8:F2} s  (the same export as the sync API's JSON, read by the API's reader and decided; {string.Join(", ", jsonSeconds.Select(x => x.ToString("F2")))}; {Cost.Medians(json)})");
        var ratios = whatIfSeconds.Zip(jsonSeconds, (w, j) => w / j).ToList();
        Console.WriteLine($"what-if        : {Median(whatIfSeconds),8:F2} s  {Median(ratios),10:F2} x the dry run of the JSON export (median of the rounds' ratios: {string.Join(", ", ratios.Select(x => x.ToString("F2")))}; the medians' ratio {Median(whatIfSeconds) / Median(jsonSeconds):F2}), {Median(whatIfSeconds) / Median(memory):F2} x the in-memory one  (the LDIF read, mapped, checked, decided: {report!.DryRun.Batch.Counts}; {string.Join(", ", whatIfSeconds.Select(x => x.ToString("F2")))}; {Cost.Medians(whatIf)}; target <= 1.2 x)");
    }

    private const int Rounds = 7;

    /// <summary>One measured run: its time, what it allocated (all threads) and the GC's pauses within it.</summary>
    private readonly record struct Cost(double Seconds, double AllocatedMegabytes, double PauseSeconds, int[] Collections)
    {
        public static async Task<(T Result, Cost Cost)> OfAsync<T>(Func<Task<T>> run)
        {
            Settle();
            var (allocated, paused, collected) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), CollectionCounts());
            var clock = Stopwatch.StartNew();
            var result = await run();
            return (result, new(clock.Elapsed.TotalSeconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,
                (GC.GetTotalPauseDuration() - paused).TotalSeconds, CollectionCounts().Zip(collected, (after, before) => after - before).ToArray()));
        }

        /// <summary>Collections so far of generations 0, 1 and 2 (a collection of generation 1 counts for 0 as well).</summary>
        private static int[] CollectionCounts() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

        public static string Medians(List<Cost> costs) =>
            $"allocated {Median(costs.Select(c => c.AllocatedMegabytes)):N0} MB, GC pauses {Median(costs.Select(c => c.PauseSeconds)):F2} s, " +
            $"collections of generation 0/1/2 {string.Join("/", Enumerable.Range(0, 3).Select(g => Median(costs.Select(c => (double)c.Collections[g]))))}";
    }

    private static double Median(IEnumerable<double> xs)
    {
        var sorted = xs.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>A full collection, so that no run pays for the garbage of the one before.</summary>
    private static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static async Task<List<IncomingObject>> MappedAsync(string path)
    {
        var objects = new List<IncomingObject>();
        await using var stream = File.OpenRead(path);
        await foreach (var entry in LdifReader.ReadAsync(stream))
            if (EntryMapping.Map(entry).Object is { } o) objects.Add(o);
        return objects;
    }

    /// <summary>The dry-run page's path from a file: the export as the sync API's JSON, read by the API's reader, dry-run.</summary>
    private static async Task<Cost> JsonDryRunAsync((SyncService Sync, IDirectoryQueries Directory, Guid Tenant) target, List<IncomingObject> objects)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new SyncBatchRequest("full", objects), AdminPortal.Web.Api.ApiJson.Options);
        var (_, cost) = await Cost.OfAsync(async () =>
        {
            var parsed = await AdminPortal.Web.Api.ApiJson.ReadAsync<SyncBatchRequest>(new MemoryStream(body), default);
            return await target.Sync.DryRunAsync(target.Tenant, parsed, "bench", default);
        });
        return cost;
    }

    private static Task<(PreflightReport Report, Cost Cost)> WhatIfAsync((SyncService Sync, IDirectoryQueries Directory, Guid Tenant) target, string path) =>
        Cost.OfAsync(async () =>
        {
            await using var stream = File.OpenRead(path);
            return await new ExportPreflight(target.Sync, target.Directory).RunAsync(target.Tenant, stream, ExportFormat.Ldif, SyncMode.Full, "bench");
        });

    /// <summary>The child process's part: warm on a small file, then one measured pass; prints one line of figures.</summary>
    public static async Task PassAsync(string path, string warm)
    {
        await CheckAsync(warm);
        var clock = Stopwatch.StartNew();
        var (entries, skipped, findings) = await CheckAsync(path);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Join(' ', entries, skipped, findings, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Process.GetCurrentProcess().PeakWorkingSet64 / 1048576));
    }

    private static (int Entries, int Skipped, int Findings, double Seconds, long PeakMegabytes) Pass(string file)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(PreflightBenchmark).Assembly.Location);
        foreach (var a in new[] { "preflight-pass", file, Path.Combine(Path.GetDirectoryName(file)!, "warm.ldf") }) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd().Trim().Split(' ');
        child.WaitForExit();
        if (child.ExitCode != 0 || output.Length != 5) throw new InvalidOperationException($"The measured pass failed: {string.Join(' ', output)}");
        return (int.Parse(output[0]), int.Parse(output[1]), int.Parse(output[2]), double.Parse(output[3], System.Globalization.CultureInfo.InvariantCulture), long.Parse(output[4]));
    }

    private static async Task<(int Entries, int Skipped, int Findings)> CheckAsync(string path)
    {
        var checks = new IdFixChecks();
        int entries = 0, skipped = 0, findings = 0;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await foreach (var entry in LdifReader.ReadAsync(stream))
        {
            entries++;
            var mapped = EntryMapping.Map(entry);
            if (mapped.Object is null) { skipped++; continue; }
            findings += checks.Check(entry, mapped.Object.ObjectType!).Count;
        }
        return (entries, skipped, findings);
    }

    /// <summary>The generated objects as ldifde writes them (CRLF, objectGUID in base64, a computer every 50 entries), streamed to disk.</summary>
    private static long Write(string path, List<IncomingObject> objects)
    {
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.NewLine = "\r\n";
            writer.WriteLine("version: 1");
            var i = 0;
            foreach (var o in objects)
            {
                writer.WriteLine();
                var cn = $"{o.DisplayName} {i}";
                writer.WriteLine($"dn: CN={cn},OU={o.ObjectType}s,DC=contoso,DC=com");
                writer.WriteLine("changetype: add");
                writer.WriteLine("objectClass: top");
                if (o.ObjectType != "group") { writer.WriteLine("objectClass: person"); writer.WriteLine("objectClass: organizationalPerson"); }
                writer.WriteLine($"objectClass: {(i % 50 == 49 ? "computer" : o.ObjectType)}");
                writer.WriteLine($"cn: {cn}");
                writer.WriteLine($"displayName: {o.DisplayName}");
                writer.WriteLine($"sAMAccountName: {o.MailNickname ?? "x" + i}{(i % 50 == 49 ? "$" : "")}");
                if (o.UserPrincipalName is { } upn) writer.WriteLine($"userPrincipalName: {upn}");
                if (o.MailNickname is { } nick) writer.WriteLine($"mailNickname: {nick}");
                foreach (var p in o.ProxyAddresses ?? []) writer.WriteLine($"proxyAddresses: {p}");
                if (o.ProxyAddresses is [{ } primary, ..]) writer.WriteLine($"mail: {primary[5..]}");
                writer.WriteLine($"objectGUID:: {Convert.ToBase64String(Guid.NewGuid().ToByteArray())}");
                writer.WriteLine("whenCreated: 20240115093000.0Z");
                i++;
            }
        }
        return new FileInfo(path).Length;
    }
}
