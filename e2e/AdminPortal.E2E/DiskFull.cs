using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.E2E;

/// <summary>
/// The database's disk fills up while a sync run commits — the admin at 2 a.m. with a broken sync. The client is told
/// what happened and what to do (507, in the API's problem body), nothing of the run is applied and the run stays open
/// with its pages, the operator's log has the database's own words at error level, and the portal goes on answering.
/// The portal's data folder is a 32 MB disk of its own (<see cref="RunningPortal"/>'s tmpfs).
/// </summary>
public class DiskFull
{
    // Staged, these fit the disk; written by the commit (some 2.5 KB an object with its indexes, and as much again in
    // SQLite's write-ahead log) they do not.
    private const int Pages = 3, PageObjects = 4_000;

    [Fact]
    public async Task A_commit_that_fills_the_disk_is_a_507_saying_so_and_the_run_stays_open_with_nothing_applied()
    {
        var portal = new RunningPortal(new Dictionary<string, string> { ["Portal__SeedDemoData"] = "false" }, dataFolderMegabytes: 32);
        try
        {
            await portal.InitializeAsync();
            using var api = ApiCalls.Client();
            var tenant = await ApiCalls.TenantAsync(api, portal.BaseUrl, "Full");
            var runs = $"{portal.BaseUrl}/api/tenants/{tenant}/sync/runs";
            var opened = await api.PostAsJsonAsync(runs, new { mode = "full" });
            var run = $"{runs}/{(await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()}";
            for (var page = 0; page < Pages; page++)
            {
                var sent = await api.PostAsJsonAsync($"{run}/pages", new { objects = Enumerable.Range(page * PageObjects, PageObjects).Select(User).ToArray() });
                Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
            }

            var commit = await api.PostAsync($"{run}/commit", null);
            var problem = await commit.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InsufficientStorage, commit.StatusCode);
            Assert.Equal("application/problem+json", commit.Content.Headers.ContentType?.MediaType);
            Assert.Contains("out of space", problem);
            Assert.Contains("stays open", problem);

            var state = await ApiCalls.JsonAsync(api, run);
            Assert.Equal(("open", Pages, Pages * PageObjects),
                (state["status"]!.GetValue<string>(), state["pages"]!.GetValue<int>(), state["objectCount"]!.GetValue<int>()));
            Assert.Empty((await ApiCalls.JsonAsync(api, $"{portal.BaseUrl}/api/tenants/{tenant}/sync/batches"))["value"]!.AsArray());
            Assert.Empty((await ApiCalls.JsonAsync(api, $"{portal.BaseUrl}/graph/{tenant}/v1.0/users?$top=1"))["value"]!.AsArray());
            Assert.Matches(@"fail: AdminPortal\.Web\.Api\.Refusal[^\n]*\n[^\n]*Refused POST [^\n]*/commit for bootstrap-admin: 507", portal.Log);
            Assert.Contains("database or disk is full", portal.Log);
            // The commit's progress was in the log before it failed (a run of more than one chunk says each tenth).
            Assert.Matches(@"info: AdminPortal\.SyncRules\.Sync\.RunCommitter[^\n]*\n[^\n]*, 5000 of 12000 objects decided and written, not yet committed", portal.Log);

            // The portal goes on: what the failed commit wrote was rolled back, and a small write finds room again.
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"{portal.BaseUrl}/health")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(run)).StatusCode);
        }
        finally { await portal.DisposeAsync(); }
    }

    private static object User(int i) => new
    {
        objectType = "user", sourceAnchor = $"full-{i:00000}", displayName = $"Full {i:00000}", userPrincipalName = $"full{i:00000}@contoso.com",
        mail = $"full{i:00000}@contoso.com", proxyAddresses = new[] { $"SMTP:full{i:00000}@contoso.com", $"smtp:f{i:00000}@contoso.com" },
        onPremisesDistinguishedName = $"CN=Full {i:00000},OU=Sales,DC=contoso,DC=com",
    };
}
