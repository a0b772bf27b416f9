using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using AdminPortal.TestSupport;
using Npgsql;

namespace AdminPortal.E2E;

/// <summary>
/// Three instances behind nginx over one PostgreSQL (scripts/cluster.sh), as operators run them: a page follows a batch
/// made through another instance; its instance — the one running fix-up — is killed with SIGKILL while batches keep
/// arriving; the page comes back on a live instance with the same view, no batch is half-applied, and fix-up moves to a
/// survivor and runs once. And a commit made through one instance is shown under way, with how far it has got, by another.
/// </summary>
// Alone in its assembly (after the others): three instances, nginx and PostgreSQL want the two cores to themselves
// for the page's two seconds to mean anything about the feed rather than about the machine's load.
[Collection(nameof(ClusterBehindNginx))]
public class ClusterBehindNginx(NginxCluster cluster) : IClassFixture<NginxCluster>, IAsyncLifetime
{
    private const string Key = "development-bootstrap-key-not-for-production";
    private Browser browser = null!;
    private readonly HttpClient api = new() { Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = new("Bearer", Key) } };

    public async Task InitializeAsync()
    {
        browser = new Browser();
        await browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await browser.DisposeAsync();
    }

    [Fact]
    public async Task A_page_follows_another_instance_and_comes_back_on_a_live_one_when_its_own_is_killed_under_load()
    {
        var tenant = await TenantIdAsync("Fabrikam");
        var view = $"{cluster.BaseUrl}/tenants/{tenant}/conflicts?Search=cluster";

        // The page opens through nginx on the instance that runs fix-up, so one kill tests both.
        var holder = await FixupHolderAsync(TimeSpan.FromSeconds(30));
        var (page, circuits) = await PageOnAsync(holder, view);
        var console = new List<string>();
        page.Console += (_, m) => { lock (console) console.Add($"{m.Type}: {m.Text}"); };
        var other = cluster.Instances.First(i => i != holder);

        // A conflict made through another instance, straight to it: the page shows it within 2 seconds of the answer.
        // Waited for longer, so that a failure tells slow from lost.
        await BatchAsync(other.Url, tenant, [
            User("cluster-a", "cluster.a@fabrikam.net", "smtp:cluster-shared@fabrikam.net"),
            User("cluster-b", "cluster.b@fabrikam.net", "smtp:cluster-shared@fabrikam.net")]);
        var answered = Stopwatch.StartNew();
        var grid = page.Locator(".mud-table");
        await Assertions.Expect(grid).ToContainTextAsync("cluster-shared@fabrikam.net", new() { Timeout = 30_000 });
        Assert.True(answered.Elapsed <= TimeSpan.FromSeconds(2), $"the page showed the other instance's conflict {answered.Elapsed.TotalSeconds:F1} s after the batch's answer");

        // Batches keep arriving through nginx while the page's instance is killed.
        using var stopLoad = new CancellationTokenSource();
        var load = LoadAsync(tenant, stopLoad.Token);
        while (load.Outcomes.Count < 3 && !load.Running.IsCompleted) await Task.Delay(100);
        var sentBeforeKill = load.Outcomes.Count;
        var connected = circuits.Count;
        holder.KillHard();

        // Blazor reconnects through nginx, which sends it to a live instance. That instance does not know the circuit,
        // so the page resumes on a new one there (or, failing that, loads again): the same view, live.
        // Waited for by who answered, not by count: a negotiation the killed instance answered just before it died (seen
        // once in a CI run) is a new circuit too, but not the one this is about.
        async Task<List<int>> AnsweredSinceKillAsync()
        {
            List<IResponse> since;
            lock (circuits) since = circuits.Skip(connected).ToList();
            var numbers = new List<int>();
            foreach (var r in since) numbers.Add(cluster.AnsweredBy(await r.AllHeadersAsync()).Number);
            return numbers;
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await AnsweredSinceKillAsync()).Any(n => n != holder.Number) && DateTime.UtcNow < deadline) await Task.Delay(100);
        var negotiated = await AnsweredSinceKillAsync();
        Assert.True(negotiated.Any(n => n != holder.Number),
            $"the page did not reconnect to a live instance after instance {holder.Number} was killed (negotiations answered by: " +
            $"{string.Join(", ", negotiated)}):\n" + string.Join("\n", console));
        // Connected again: the banner gone (a stale page keeps its old rows and its live mark while the banner shows).
        await Assertions.Expect(page.Locator("#components-reconnect-modal")).Not.ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.WaitForLiveAsync();
        await Assertions.Expect(grid).ToContainTextAsync("cluster-shared@fabrikam.net");
        Assert.Equal(view, page.Url);
        await page.ScreenshotAsync("cluster-after-failover");

        // The value's holder lets it go; the fix-up, now on a survivor, gives it to the object that waited — once.
        await BatchAsync(cluster.BaseUrl, tenant, [User("cluster-a", "cluster.a@fabrikam.net")]);
        var survivor = await FixupHolderAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(holder, survivor);
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (await FixupsRestoringAsync("cluster-shared@fabrikam.net") == 0 && DateTime.UtcNow < deadline) await Task.Delay(500);
        await Task.Delay(TimeSpan.FromSeconds(6)); // three more fix-up intervals: it must not run again for the same value
        Assert.Equal(1, await FixupsRestoringAsync("cluster-shared@fabrikam.net"));
        await Assertions.Expect(grid).Not.ToContainTextAsync("cluster-shared@fabrikam.net", new() { Timeout = 5_000 });

        // The survivors kept serving, and each batch is there whole or not at all.
        while (load.Outcomes.Count < sentBeforeKill + 5 && !load.Running.IsCompleted) await Task.Delay(100);
        await stopLoad.CancelAsync();
        await load.Running;
        Assert.Contains(load.Outcomes.Skip(sentBeforeKill + 1), o => o.Accepted);
        foreach (var (batch, accepted) in load.Outcomes)
        {
            var stored = await ObjectsAnchoredAsync($"load-{batch}-");
            Assert.True(accepted ? stored == LoadBatchSize : stored is 0 or LoadBatchSize, $"batch {batch}: answered {(accepted ? "200" : "an error")}, {stored} of {LoadBatchSize} stored");
        }
    }

    [Fact]
    public async Task A_commit_through_one_instance_is_shown_under_way_by_another_with_how_far_it_has_got()
    {
        // Any two live instances (the other test of the class kills one).
        var alive = new List<ClusterInstance>();
        foreach (var instance in cluster.Instances)
            if (await LiveAsync(instance)) alive.Add(instance);
        var (committer, watcher) = (alive[0], alive[1]);
        var tenant = (await OkAsync(await api.PostAsJsonAsync($"{cluster.BaseUrl}/api/tenants", new
        {
            displayName = "Progress", initialDomain = "progress.onmicrosoft.com", createdDateTime = DateTimeOffset.UtcNow,
            verifiedDomains = new[] { new { name = "progress.example", authenticationType = "Managed" } },
        })))["id"]!.GetValue<string>();
        var runs = $"/api/tenants/{tenant}/sync/runs";
        var run = (await OkAsync(await api.PostAsJsonAsync(committer.Url + runs, new { mode = "full" })))["id"]!.GetValue<string>();
        // Enough for a commit of several seconds, so that it is announced under way at least once past its first chunk.
        const int Objects = 100_000;
        for (var sent = 0; sent < Objects; sent += 5_000)
            await OkAsync(await api.PostAsJsonAsync($"{committer.Url}{runs}/{run}/pages", new
            {
                objects = Enumerable.Range(sent, 5_000).Select(i => User($"progress-{i}", $"p{i}@progress.example")).ToArray(),
            }));

        // The batches page open on the other instance, as an admin behind the balancer would have it.
        var (page, _) = await PageOnAsync(watcher, $"{cluster.BaseUrl}/tenants/{tenant}/batches");

        var commit = api.PostAsync($"{committer.Url}{runs}/{run}/commit", null);
        async Task<JsonNode?> WatchAsync()
        {
            while (!commit.IsCompleted)
            {
                if ((await OkAsync(await api.GetAsync($"{watcher.Url}{runs}/{run}")))["commit"] is { } under && under["written"]!.GetValue<int>() > 0) return under;
                await Task.Delay(100);
            }
            return null;
        }
        var watching = WatchAsync();
        await Assertions.Expect(page.Locator(".commit-progress")).ToContainTextAsync($"of {Objects:N0} objects written", new() { Timeout = 30_000 });
        await page.ScreenshotAsync("cluster-commit-progress-light");
        await page.ClickAsync("#theme-toggle");
        await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to the light theme");
        await page.ScreenshotAsync("cluster-commit-progress-dark");
        var seen = await watching;
        var committed = await OkAsync(await commit);
        Assert.True(seen is not null, $"instance {watcher.Number} never showed instance {committer.Number}'s commit past its start");
        Assert.Equal(Objects, seen["objects"]!.GetValue<int>());
        Assert.Equal(Objects, committed["counts"]!["created"]!.GetValue<int>());
        // Ended: the other instance shows the run committed, and no commit under way.
        var after = await OkAsync(await api.GetAsync($"{watcher.Url}{runs}/{run}"));
        Assert.Equal("committed", after["status"]!.GetValue<string>());
        Assert.Null(after["commit"]);
    }

    private async Task<bool> LiveAsync(ClusterInstance instance)
    {
        try { return (await api.GetAsync($"{instance.Url}/health/live")).IsSuccessStatusCode; }
        catch (HttpRequestException) { return false; }
    }

    private static async Task<JsonObject> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>
    /// A signed-in page at <paramref name="url"/> served by <paramref name="instance"/> (new browsers until nginx's hash
    /// puts one there), and the answers to its circuit's negotiations, which name the instance that took each.
    /// </summary>
    private async Task<(IPage Page, List<IResponse> Circuits)> PageOnAsync(ClusterInstance instance, string url)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var page = await browser.SignedInAsync(cluster.BaseUrl, "Portal.Operator", "cluster-operator");
            var circuits = new List<IResponse>();
            page.Response += (_, r) => { if (r.Url.Contains("/_blazor/negotiate", StringComparison.Ordinal)) lock (circuits) circuits.Add(r); };
            var response = await page.GotoAsync(url);
            if (cluster.AnsweredBy(await response!.AllHeadersAsync()) == instance)
            {
                await page.WaitForLiveAsync();
                return (page, circuits);
            }
            await page.Context.CloseAsync();
        }
        throw new InvalidOperationException($"nginx never routed a new browser to instance {instance.Number}");
    }

    private const int LoadBatchSize = 20;

    private sealed record Load(List<(int Batch, bool Accepted)> Outcomes, Task Running);

    /// <summary>Delta batches of new users through nginx, one after the other, each noted as accepted or not.</summary>
    private Load LoadAsync(string tenant, CancellationToken stop)
    {
        var outcomes = new List<(int, bool)>();
        async Task Run()
        {
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                var objects = Enumerable.Range(0, LoadBatchSize).Select(i => User($"load-{batch}-{i}", $"load.{batch}.{i}@fabrikam.net")).ToArray();
                bool accepted;
                try
                {
                    using var response = await api.PostAsJsonAsync($"{cluster.BaseUrl}/api/tenants/{tenant}/sync/batches", new { mode = "delta", objects }, CancellationToken.None);
                    accepted = response.IsSuccessStatusCode;
                }
                // Refused by nginx (502) is an answer; a lost connection or no answer in time is not accepted either.
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { accepted = false; }
                lock (outcomes) outcomes.Add((batch, accepted));
            }
        }
        return new Load(outcomes, Task.Run(Run));
    }

    private async Task BatchAsync(string baseUrl, string tenant, object[] objects)
    {
        using var response = await api.PostAsJsonAsync($"{baseUrl}/api/tenants/{tenant}/sync/batches", new { mode = "delta", objects });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static object User(string anchor, string upn, params string[] more) => new
    {
        objectType = "user", sourceAnchor = anchor, displayName = anchor, userPrincipalName = upn, proxyAddresses = new[] { "SMTP:" + upn }.Concat(more).ToArray(),
    };

    private async Task<string> TenantIdAsync(string name)
    {
        var tenants = await api.GetFromJsonAsync<JsonObject>($"{cluster.BaseUrl}/api/tenants");
        return tenants!["value"]!.AsArray().Single(t => t!["displayName"]!.GetValue<string>() == name)!["id"]!.GetValue<string>();
    }

    /// <summary>The instance holding fix-up's lease (its advisory lock in pg_locks, by the session's application name).</summary>
    private async Task<ClusterInstance> FixupHolderAsync(TimeSpan patience)
    {
        var keys = AdminPortal.Data.Stores.DatabaseJobLeases.PostgresKeys("fixup");
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var holder = await AdvisoryLocks.HolderAsync(cluster.Database, keys);
            if (cluster.Instances.FirstOrDefault(i => i.ApplicationName == holder) is { } instance) return instance;
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException("No instance took fix-up's lease.\n" + cluster.Output);
            await Task.Delay(250);
        }
    }

    private async Task<long> FixupsRestoringAsync(string value) =>
        await ScalarAsync<long>($"SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'fixup.run' AND \"After\" LIKE '%{value}%'");

    private async Task<long> ObjectsAnchoredAsync(string prefix) =>
        await ScalarAsync<long>($"SELECT count(*) FROM \"DirectoryObjects\" WHERE \"ImmutableId\" LIKE '{prefix}%'");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)value;
    }
}

[CollectionDefinition(nameof(ClusterBehindNginx), DisableParallelization = true)]
public sealed class ClusterBehindNginxCollection;
