using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Web.Tests;

/// <summary>Sync runs over HTTP as a sync client sends them: open, pages, commit, results in pages; refusals as problem+json.</summary>
public class SyncRunApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient client = factory.AsRole(Security.Roles.SyncClient);
    private readonly HttpClient admin = factory.Admin();

    private static string Runs(string tenant) => $"/api/tenants/{tenant}/sync/runs";

    private async Task<(string Tenant, string Run)> OpenAsync(string mode = "full")
    {
        var tenant = await Api.CreateTenantAsync(admin, "r" + Guid.NewGuid().ToString("N")[..10]);
        var opened = await client.PostAsJsonAsync(Runs(tenant), new { mode });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var run = (await opened.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(new Uri($"{Runs(tenant)}/{run["id"]}", UriKind.Relative), opened.Headers.Location);
        Assert.Equal(("open", mode, 0), (run["status"]!.GetValue<string>(), run["mode"]!.GetValue<string>(), run["pages"]!.GetValue<int>()));
        Assert.NotNull(run["expiresDateTime"]);
        return (tenant, run["id"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> PageAsync(string tenant, string run, params object[] objects) =>
        client.PostAsJsonAsync($"{Runs(tenant)}/{run}/pages", new { objects });

    private static object[] Users(int from, int count) =>
        Enumerable.Range(from, count).Select(i => Api.User($"a{i:000}", $"user{i:000}@contoso.com", $"SMTP:user{i:000}@contoso.com")).ToArray();

    [Fact]
    public async Task A_run_sent_in_pages_is_committed_and_its_results_read_in_pages()
    {
        var (tenant, run) = await OpenAsync();
        await Api.OkJsonAsync(await PageAsync(tenant, run, Users(0, 120)));
        var second = await Api.OkJsonAsync(await PageAsync(tenant, run, Users(120, 30)));
        Assert.Equal((2, 150), (second["pages"]!.GetValue<int>(), second["objectCount"]!.GetValue<int>()));
        Assert.Single((await Api.OkJsonAsync(await client.GetAsync(Runs(tenant))))["value"]!.AsArray());

        var committed = await Api.OkJsonAsync(await client.PostAsync($"{Runs(tenant)}/{run}/commit", null));
        Assert.Equal("committed", committed["status"]!.GetValue<string>());
        Assert.Equal(150, committed["counts"]!["created"]!.GetValue<int>());
        Assert.Null(committed["expiresDateTime"]);
        Assert.Equal(150, (await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}")))["counts"]!["created"]!.GetValue<int>());
        Assert.Empty((await Api.OkJsonAsync(await client.GetAsync(Runs(tenant))))["value"]!.AsArray());

        var anchors = new List<string>();
        for (var next = $"{Runs(tenant)}/{run}/results?top=100"; next is not null;)
        {
            var page = await Api.OkJsonAsync(await client.GetAsync(next));
            anchors.AddRange(page["value"]!.AsArray().Select(r => r!["sourceAnchor"]!.GetValue<string>()));
            next = page["@odata.nextLink"]?.GetValue<string>();
        }
        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"a{i:000}"), anchors);

        // A committed run is a batch like any other, under the run's id.
        var batch = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/batches/{run}?top=1"));
        Assert.Equal(150, batch["batch"]!["objectCount"]!.GetValue<int>());
        await Api.ProblemAsync(await PageAsync(tenant, run, Users(500, 1)), 409);

        // The commit answered before its staged pages went; the remover takes them at once (the sweep would, a minute later).
        var db = factory.Services.GetRequiredService<AdminPortal.Data.PortalDbContextFactory>();
        var id = Guid.Parse(run);
        async Task<int> StagedAsync()
        {
            await using var context = db.CreateDbContext();
            return await context.StagedObjects.CountAsync(o => o.RunId == id);
        }
        for (var waited = 0; await StagedAsync() > 0 && waited < 100; waited++) await Task.Delay(100);
        Assert.Equal(0, await StagedAsync());
    }

    [Fact]
    public async Task A_bad_page_is_a_400_naming_the_field_and_the_run_takes_the_corrected_page()
    {
        var (tenant, run) = await OpenAsync("delta");
        await Api.OkJsonAsync(await PageAsync(tenant, run, Users(0, 2)));
        var bad = Users(2, 3);
        bad[2] = new { objectType = "user", sourceAnchor = "a004", displayName = "User", userPrincipalName = "no-at-sign" };
        var problem = await Api.ProblemAsync(await PageAsync(tenant, run, bad), 400);
        Assert.Equal(["objects[2].userPrincipalName"], problem["errors"]!.AsObject().Select(e => e.Key));
        var again = await Api.ProblemAsync(await PageAsync(tenant, run, Users(1, 1)), 400);
        Assert.Equal(["objects[0].sourceAnchor"], again["errors"]!.AsObject().Select(e => e.Key));

        var corrected = await Api.OkJsonAsync(await PageAsync(tenant, run, Users(2, 3)));
        Assert.Equal(5, corrected["objectCount"]!.GetValue<int>());
        Assert.Equal(5, (await Api.OkJsonAsync(await client.PostAsync($"{Runs(tenant)}/{run}/commit", null)))["counts"]!["created"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_page_over_the_limit_or_without_objects_is_refused_and_an_unknown_run_is_a_404()
    {
        var (tenant, run) = await OpenAsync("delta");
        var tooMany = await Api.ProblemAsync(await PageAsync(tenant, run, Users(0, 5001)), 400);
        Assert.Contains("at most 5000", tooMany["title"]!.GetValue<string>());
        await Api.ProblemAsync(await client.PostAsJsonAsync($"{Runs(tenant)}/{run}/pages", new { }), 400);
        await Api.ProblemAsync(await client.PostAsJsonAsync(Runs(tenant), new { mode = "everything" }), 400);
        await Api.ProblemAsync(await PageAsync(tenant, Guid.NewGuid().ToString(), Users(0, 1)), 404);
        await Api.ProblemAsync(await client.GetAsync($"{Runs(tenant)}/{run}/results"), 409);
    }

    [Fact]
    public async Task A_commit_sent_again_while_the_first_runs_or_after_it_answers_as_the_first_did_and_applies_nothing_twice()
    {
        var (tenant, run) = await OpenAsync();
        for (var page = 0; page < 4; page++) await Api.OkJsonAsync(await PageAsync(tenant, run, Users(page * 500, 500)));
        // As a client whose first answer was lost (its timeout, a proxy's 504) sends the commit again: at once, and later.
        var commits = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PostAsync($"{Runs(tenant)}/{run}/commit", null)));
        var again = await client.PostAsync($"{Runs(tenant)}/{run}/commit", null);
        foreach (var answer in commits.Append(again))
        {
            var body = await Api.OkJsonAsync(answer);
            Assert.Equal(("committed", 2_000), (body["status"]!.GetValue<string>(), body["counts"]!["created"]!.GetValue<int>()));
        }
        Assert.Equal(1, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_commit_whose_client_goes_away_runs_to_its_end()
    {
        var (tenant, run) = await OpenAsync();
        for (var page = 0; page < 10; page++) await Api.OkJsonAsync(await PageAsync(tenant, run, Users(page * 1_000, 1_000)));
        // The client gives up once the commit is under way, as a timeout or a proxy's 504 ends the request.
        var progress = factory.Services.GetRequiredService<AdminPortal.SyncRules.Sync.CommitProgress>();
        using (var impatient = new CancellationTokenSource())
        {
            var commit = client.PostAsync($"{Runs(tenant)}/{run}/commit", null, impatient.Token);
            while (progress.Of(Guid.Parse(run)) is null && !commit.IsCompleted) await Task.Delay(5);
            await impatient.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => commit);
        }
        JsonObject state;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do state = await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}"));
        while (state["status"]!.GetValue<string>() == "open" && DateTime.UtcNow < deadline && await Task.Delay(100).ContinueWith(_ => true));
        Assert.Equal(("committed", 10_000), (state["status"]!.GetValue<string>(), state["counts"]!["created"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_run_whose_commit_is_under_way_on_any_instance_says_how_far_it_has_got()
    {
        var (tenant, run) = await OpenAsync();
        await Api.OkJsonAsync(await PageAsync(tenant, run, Users(0, 3)));
        JsonNode? CommitOf(JsonObject r) => r["commit"];
        Assert.Null(CommitOf(await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}"))));

        // As the feed hands on what the instance committing it announces, this one or another.
        var feed = factory.Services.GetRequiredService<AdminPortal.SyncRules.Ports.IChangeFeed>();
        var started = DateTimeOffset.UtcNow;
        void Announced(int written, bool ended = false) => feed.Publish(new(Guid.Parse(tenant), AdminPortal.SyncRules.Changes.ChangeKind.SyncRun,
            new(Guid.Parse(run), written, 3, started, ended)));
        Announced(2);
        var one = await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}"));
        Assert.Equal(("open", 2, 3), (one["status"]!.GetValue<string>(), CommitOf(one)!["written"]!.GetValue<int>(), CommitOf(one)!["objects"]!.GetValue<int>()));
        Assert.Equal(started.ToUnixTimeMilliseconds(), CommitOf(one)!["startedDateTime"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        var listed = (await Api.OkJsonAsync(await client.GetAsync(Runs(tenant))))["value"]!.AsArray().Single()!.AsObject();
        Assert.Equal(2, CommitOf(listed)!["written"]!.GetValue<int>());

        Announced(3, ended: true);
        Assert.Null(CommitOf(await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}"))));
    }

    [Fact]
    public async Task An_abandoned_run_is_gone_and_refuses_its_commit()
    {
        var (tenant, run) = await OpenAsync();
        await Api.OkJsonAsync(await PageAsync(tenant, run, Users(0, 3)));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"{Runs(tenant)}/{run}")).StatusCode);
        Assert.Equal("abandoned", (await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}")))["status"]!.GetValue<string>());
        await Api.ProblemAsync(await client.PostAsync($"{Runs(tenant)}/{run}/commit", null), 409);
        Assert.Equal(0, await Api.BatchCountAsync(admin, tenant));
    }

    [Fact]
    public async Task A_full_run_over_the_deletion_guard_is_a_409_held_for_review_as_a_batch_is()
    {
        var (tenant, first) = await OpenAsync();
        await Api.OkJsonAsync(await PageAsync(tenant, first, Users(0, 10)));
        await Api.OkJsonAsync(await client.PostAsync($"{Runs(tenant)}/{first}/commit", null));
        (await admin.PatchAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}", JsonContent.Create(new
        {
            configuration = new { accidentalDeletionPrevention = new { synchronizationPreventionType = "enabledForCount", alertThreshold = 3 } },
        }))).EnsureSuccessStatusCode();
        var before = await Api.VisibleStateAsync(admin, tenant);

        var run = (await Api.OkJsonAsync(await client.PostAsJsonAsync(Runs(tenant), new { mode = "full" })))["id"]!.GetValue<string>();
        await Api.OkJsonAsync(await PageAsync(tenant, run, Users(0, 5)));
        var refused = await Api.ProblemAsync(await client.PostAsync($"{Runs(tenant)}/{run}/commit", null), 409);
        var held = refused["heldExportId"]!.GetValue<string>();
        Assert.Equal("heldForReview", (await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}")))["status"]!.GetValue<string>());
        var review = await Api.OkJsonAsync(await admin.GetAsync($"/api/tenants/{tenant}/sync/reviews/{held}"));
        Assert.Equal(5, review["deletes"]!.GetValue<int>());

        await Api.OkJsonAsync(await admin.PostAsync($"/api/tenants/{tenant}/sync/reviews/{held}/allow", null));
        Assert.NotEqual(before, await Api.VisibleStateAsync(admin, tenant));
        Assert.Equal("committed", (await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{run}")))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_is_a_run_of_one_page_and_answers_as_it_did()
    {
        var tenant = await Api.CreateTenantAsync(admin, "r" + Guid.NewGuid().ToString("N")[..10]);
        var answer = await Api.OkJsonAsync(await Api.PushAsync(client, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"),
            Api.User("a2", "joe@contoso.com", "SMTP:joe@contoso.com")));
        var id = answer["batchId"]!.GetValue<string>();
        Assert.Equal(["a1:created", "a2:created"], answer["results"]!.AsArray().Select(r => $"{r!["sourceAnchor"]}:{r["outcome"]}"));
        Assert.NotEmpty(answer["results"]![1]!["quarantined"]!.AsArray());
        var run = await Api.OkJsonAsync(await client.GetAsync($"{Runs(tenant)}/{id}"));
        Assert.Equal(("committed", 1, 2), (run["status"]!.GetValue<string>(), run["pages"]!.GetValue<int>(), run["objectCount"]!.GetValue<int>()));
    }
}
