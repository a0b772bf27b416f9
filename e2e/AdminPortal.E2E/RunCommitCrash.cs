using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AdminPortal.Data;
using AdminPortal.TestSupport;

namespace AdminPortal.E2E;

/// <summary>
/// A commit killed half-way, as a power cut or an OOM kill would end it: the portal process is killed with SIGKILL
/// while it is writing a run chunk by chunk. Started again on the same database, nothing of the run is applied, the run
/// is still open with all its pages, and committing it then applies it whole. On SQLite (a file) and PostgreSQL.
/// </summary>
public class RunCommitCrash
{
    private const int Objects = 12_000;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_portal_killed_during_a_commit_leaves_nothing_half_applied_and_the_run_commits_whole_after(DatabaseProvider provider)
    {
        var database = TestDatabases.NewSettings(provider);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = provider.ToString(), ["ConnectionStrings__AdminPortal"] = database.ConnectionString,
            ["Portal__SeedDemoData"] = "false",
            // Many small chunks, each logged: the test sees the commit under way and kills it in the middle.
            ["Sync__CommitChunkObjects"] = "100", ["Logging__LogLevel__AdminPortal.SyncRules.Sync.RunCommitter"] = "Debug",
        };
        string tenant, run;
        var first = new RunningPortal(settings);
        try
        {
            await first.InitializeAsync();
            using var api = ApiCalls.Client();
            tenant = await ApiCalls.TenantAsync(api, first.BaseUrl, "Crash");
            var opened = await api.PostAsJsonAsync($"{first.BaseUrl}/api/tenants/{tenant}/sync/runs", new { mode = "full" });
            run = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            for (var page = 0; page < Objects / 4_000; page++)
            {
                var sent = await api.PostAsJsonAsync($"{first.BaseUrl}/api/tenants/{tenant}/sync/runs/{run}/pages",
                    new { objects = Enumerable.Range(page * 4_000, 4_000).Select(User).ToArray() });
                Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
            }

            var commit = api.PostAsync($"{first.BaseUrl}/api/tenants/{tenant}/sync/runs/{run}/commit", null);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Written(first.Log) < 2_000 && DateTime.UtcNow < deadline && !commit.IsCompleted) await Task.Delay(20);
            var written = Written(first.Log);
            first.KillHard();
            Assert.True(written is >= 2_000 and < Objects, $"the commit was not caught half-way ({written} written):\n{first.Log}");
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => commit);
        }
        finally { await first.DisposeAsync(); }

        var second = new RunningPortal(settings);
        try { await SecondLifeAsync(second, tenant, run); }
        finally { await second.DisposeAsync(); }
    }

    /// <summary>The portal started again on the same database: the run as it was before its commit, then committed whole.</summary>
    private static async Task SecondLifeAsync(RunningPortal second, string tenant, string run)
    {
        await second.InitializeAsync();
        using var again = ApiCalls.Client();
        var runs = $"{second.BaseUrl}/api/tenants/{tenant}/sync/runs/{run}";
        var state = await ApiCalls.JsonAsync(again, runs);
        Assert.Equal(("open", Objects), (state["status"]!.GetValue<string>(), state["objectCount"]!.GetValue<int>()));
        Assert.Empty((await ApiCalls.JsonAsync(again, $"{second.BaseUrl}/api/tenants/{tenant}/sync/batches"))["value"]!.AsArray());
        Assert.Empty((await ApiCalls.JsonAsync(again, $"{second.BaseUrl}/graph/{tenant}/v1.0/users?$top=1"))["value"]!.AsArray());

        var committed = await again.PostAsync($"{runs}/commit", null);
        var body = await committed.Content.ReadAsStringAsync();
        Assert.True(committed.IsSuccessStatusCode, body);
        Assert.Equal(Objects, JsonNode.Parse(body)!["counts"]!["created"]!.GetValue<int>());
    }

    /// <summary>The most objects the killed process said it had written inside its uncommitted transaction.</summary>
    private static int Written(string log) =>
        System.Text.RegularExpressions.Regex.Matches(log, @", (\d+) of \d+ objects decided and written").Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();

    private static object User(int i) => new
    {
        objectType = "user", sourceAnchor = $"crash-{i:00000}", displayName = $"Crash {i:00000}", userPrincipalName = $"crash{i:00000}@contoso.com",
        proxyAddresses = new[] { $"SMTP:crash{i:00000}@contoso.com" },
    };
}
