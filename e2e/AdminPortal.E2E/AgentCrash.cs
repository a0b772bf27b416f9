using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.TestSupport;

namespace AdminPortal.E2E;

/// <summary>
/// The sync agent killed with SIGKILL after the service accepted its export and before it stored its watermark — the
/// one moment a crash could lose or double a change. The agent in its own process, a real Samba domain controller, the
/// portal in its own process. Where the agent writes its new state stands a named pipe nobody reads, so the agent stops
/// exactly there (opening it blocks) and is killed there; the next cycle must send the same changes again, and the
/// service must find them already applied.
/// </summary>
public sealed class AgentCrash(SambaDomainController dc) : IClassFixture<SambaDomainController>, IAsyncLifetime
{
    private readonly RunningPortal portal = new(new Dictionary<string, string> { ["Portal__SeedDemoData"] = "false" });
    private const string Key = "development-bootstrap-key-not-for-production";
    private readonly string state = Directory.CreateTempSubdirectory("adminportal-agent-crash-").FullName;
    private readonly HttpClient api = new() { DefaultRequestHeaders = { Authorization = new("Bearer", Key) } };
    private static readonly string Configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public Task InitializeAsync() => portal.InitializeAsync();

    public async Task DisposeAsync()
    {
        await portal.DisposeAsync();
        api.Dispose();
        Directory.Delete(state, recursive: true);
    }

    private AgentProcess Agent(string ou, string tenant) => AgentProcess.Start(dc, ou, new Uri(portal.BaseUrl), tenant, Key, state, Configuration);

    [Fact]
    public async Task An_agent_killed_between_the_commit_and_its_watermark_sends_the_changes_again_and_nothing_is_lost_or_doubled()
    {
        var ou = $"OU=Crash{Guid.NewGuid():N},{SambaDomainController.BaseDn}";
        dc.Add($"dn: {ou}\nobjectClass: organizationalUnit\n\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i =>
            $"dn: CN=Crash {i},{ou}\nobjectClass: user\nsAMAccountName: crash{i:D3}\nuserPrincipalName: crash{i}@contoso.com\ndisplayName: Crash {i}\n")));
        var tenant = await TenantAsync();
        using (var full = Agent(ou, tenant)) await full.CompleteAsync();
        Assert.Equal(40, (await UsersAsync(tenant)).Count);
        var watermark = await File.ReadAllBytesAsync(Path.Combine(state, $"{tenant}.state"));

        dc.Modify(string.Join("\n", Enumerable.Range(0, 5).Select(i => $"dn: CN=Crash {i},{ou}\nchangetype: modify\nreplace: displayName\ndisplayName: Renamed {i}\n")));
        Commands.Run(new System.Diagnostics.ProcessStartInfo("mkfifo", Path.Combine(state, $"{tenant}.state.new")));
        using (var stopped = Agent(ou, tenant))
        {
            // The delta is committed, and the agent stays blocked where it would write its new state: kill it there.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await BatchesAsync(tenant)).Count < 2 && DateTime.UtcNow < deadline && !stopped.Process.HasExited) await Task.Delay(50);
            await Task.Delay(500);
            Assert.False(stopped.Process.HasExited, $"the agent ended before it could be killed:\n{stopped.Output}");
            stopped.Process.Kill();
            await stopped.Process.WaitForExitAsync();
        }
        var delta = (await BatchesAsync(tenant))[0]!;
        Assert.Equal((5, 5), (delta["objectCount"]!.GetValue<int>(), delta["counts"]!["updated"]!.GetValue<int>()));
        Assert.Equal(watermark, await File.ReadAllBytesAsync(Path.Combine(state, $"{tenant}.state")));

        // The next cycle: the same five again, found applied; nothing lost, nothing doubled.
        File.Delete(Path.Combine(state, $"{tenant}.state.new"));
        using (var again = Agent(ou, tenant)) await again.CompleteAsync();
        var resent = (await BatchesAsync(tenant))[0]!;
        Assert.Equal((5, 0, 5), (resent["objectCount"]!.GetValue<int>(), resent["counts"]!["updated"]!.GetValue<int>(), resent["counts"]!["unchanged"]!.GetValue<int>()));
        var users = await UsersAsync(tenant);
        Assert.Equal(40, users.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"Renamed {i}").Concat(Enumerable.Range(5, 35).Select(i => $"Crash {i}")).Order(), users.Order());

        // And the watermark moved on: a cycle after that sends nothing.
        using (var quiet = Agent(ou, tenant)) await quiet.CompleteAsync();
        Assert.Equal(3, (await BatchesAsync(tenant)).Count);
    }

    private async Task<string> TenantAsync()
    {
        var created = await api.PostAsJsonAsync($"{portal.BaseUrl}/api/tenants", new
        {
            displayName = "Agent crash", initialDomain = $"crash{Guid.NewGuid():N}"[..20] + ".onmicrosoft.com", createdDateTime = "2024-01-01T00:00:00Z",
            verifiedDomains = new[] { new { name = "contoso.com", authenticationType = "Managed" } },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task<JsonArray> BatchesAsync(string tenant) =>
        (await api.GetFromJsonAsync<JsonObject>($"{portal.BaseUrl}/api/tenants/{tenant}/sync/batches"))!["value"]!.AsArray();

    private async Task<List<string>> UsersAsync(string tenant) =>
        (await api.GetFromJsonAsync<JsonObject>($"{portal.BaseUrl}/graph/{tenant}/v1.0/users?$top=999&$select=displayName"))!["value"]!.AsArray()
            .Select(u => u!["displayName"]!.GetValue<string>()).ToList();
}
