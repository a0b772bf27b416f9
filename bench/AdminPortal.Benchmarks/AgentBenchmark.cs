using System.Diagnostics;
using AdminPortal.ActiveDirectory;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.Data;
using AdminPortal.SyncRules.Sync;
using AdminPortal.TestSupport;

namespace AdminPortal.Benchmarks;

/// <summary>
/// The sync agent (issue 23): a real Samba domain controller holding N users, read over LDAPS by the agent in its own
/// process and sent to the real portal in its own process (SQLite file) as a sync run; beside it, in one process, the
/// same directory read and mapped, and the same objects synced through the same run service: the end-to-end figure as a
/// ratio of that. Then a 1% delta the same way. The agent's peak resident set is read from /proc while it runs.
/// </summary>
public static class AgentBenchmark
{
    public static async Task RunAsync(int users, string folder)
    {
        Console.WriteLine($"AdminPortal sync-agent benchmark: {users:N0} users in a Samba domain controller, read over LDAPS, synced as a run in pages of 5,000");
        using var dc = new SambaDomainController();
        var ou = $"OU=Bench,{SambaDomainController.BaseDn}";
        var clock = Stopwatch.StartNew();
        dc.Add($"dn: {ou}\nobjectClass: organizationalUnit\n");
        foreach (var chunk in Enumerable.Range(0, users).Chunk(5_000)) dc.Add(string.Join("\n", chunk.Select(User)));
        Console.WriteLine($"directory      : {clock.Elapsed.TotalSeconds,8:F1} s to add {users:N0} users with ldbadd (not measured below)");
        var connection = new DirectoryConnection(dc.LdapsUrl, SambaDomainController.AdminUser, SambaDomainController.AdminPassword, ou, dc.CaCertificate);

        // In one process: the read and the mapping, then the sync of the same objects through the run service.
        await RunBenchmark.WarmUpAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "agent-warm.db")}"));
        Read(connection);
        clock.Restart();
        var objects = Read(connection);
        var read = clock.Elapsed;
        Console.WriteLine($"LDAP read+map  : {read.TotalSeconds,8:F2} s  {objects.Count / read.TotalSeconds,10:N0} objects/s  (in process, LDAP pages of 500)");
        var (runs, tenant, _) = await RunBenchmark.NewTenantAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "agent-inprocess.db")}"));
        var (stage, commit, outcome) = await RunBenchmark.InProcessAsync(runs, tenant, "full", objects);
        var inProcess = read + stage + commit;
        Console.WriteLine($"in process     : {inProcess.TotalSeconds,8:F2} s  {users / inProcess.TotalSeconds,10:N0} objects/s  (read {read.TotalSeconds:F2} s, staged {stage.TotalSeconds:F2} s, committed {commit.TotalSeconds:F2} s; created {outcome.Batch.Counts.Created:N0})");

        // The agent in its own process, sending to the portal in its own process.
        await using var portal = await PortalProcess.StartAsync(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "agent-portal.db")}"));
        var synced = await portal.CreateTenantAsync("Bench");
        var state = Path.Combine(folder, "agent-state");
        await RunAgentAsync(portal, dc, await portal.CreateTenantAsync("Warm"), ou, Path.Combine(folder, "agent-warm-state"), "warm-up");
        var (full, fullPeak) = await RunAgentAsync(portal, dc, synced, ou, state, "full");
        Console.WriteLine($"agent, full    : {full.TotalSeconds,8:F2} s  {users / full.TotalSeconds,10:N0} objects/s  (read over LDAPS, mapped, sent over HTTP, committed; end to end)");
        Console.WriteLine($"ratio          : {inProcess.TotalSeconds / full.TotalSeconds,8:F2}   (agent end to end / the same read and sync in one process)");
        Console.WriteLine($"agent peak     : {fullPeak / 1048576.0,8:N0} MB  (the agent process's peak resident set, VmHWM; target <= 300 MB at 20,000 users)");

        var changed = users / 100;
        dc.Modify(string.Join("\n", Enumerable.Range(0, changed).Select(i =>
            $"dn: CN=Bench User {i * 100:D6},{ou}\nchangetype: modify\nreplace: displayName\ndisplayName: Renamed {i}\n")));
        var (delta, deltaPeak) = await RunAgentAsync(portal, dc, synced, ou, state, "delta");
        Console.WriteLine($"agent, delta   : {delta.TotalSeconds,8:F2} s  ({changed:N0} users changed, 1%; peak {deltaPeak / 1048576.0:N0} MB)");
    }

    private static string User(int i) =>
        $"dn: CN=Bench User {i:D6},OU=Bench,{SambaDomainController.BaseDn}\nobjectClass: user\nsAMAccountName: bu{i:D6}\n" +
        $"userPrincipalName: bench.user{i}@contoso.com\nmail: bench.user{i}@contoso.com\ndisplayName: Bench User {i}\ngivenName: Bench\n" +
        $"proxyAddresses: SMTP:bench.user{i}@contoso.com\nproxyAddresses: smtp:bu{i}@fabrikam.com\n";

    private static List<IncomingObject> Read(DirectoryConnection connection)
    {
        using var directory = LdapDirectory.Connect(connection);
        return directory.ReadObjects().Select(e => EntryMapping.Map(e).Object).OfType<IncomingObject>().ToList();
    }

    /// <summary>One cycle of the agent (this build's Release AdminPortal.SyncAgent.dll, --once): its time and peak resident set.</summary>
    private static async Task<(TimeSpan Elapsed, long Peak)> RunAgentAsync(PortalProcess portal, SambaDomainController dc, string tenant, string ou, string state, string what)
    {
        var clock = Stopwatch.StartNew();
        using var agent = AgentProcess.Start(dc, ou, portal.Url, tenant, PortalApi.BootstrapKey, state, "Release",
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        long peak = 0;
        while (!agent.Process.HasExited)
        {
            try { peak = Math.Max(peak, PortalProcess.PeakResidentOf(agent.Process.Id)); } catch (Exception e) when (e is IOException or InvalidOperationException) { }
            await Task.Delay(50);
        }
        var elapsed = clock.Elapsed;
        await agent.CompleteAsync();
        return (elapsed, peak);
    }
}
