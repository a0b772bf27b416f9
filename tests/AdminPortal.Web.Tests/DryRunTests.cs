using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AdminPortal.Web.Tests;

/// <summary>POST …/sync/batches?dryRun=true: the whole engine against the current state, the full result, nothing written.</summary>
public class DryRunTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient admin = factory.Admin();

    private Task<HttpResponseMessage> PushAsync(string tenant, string mode, object[] objects, bool dryRun) =>
        admin.PostAsJsonAsync($"/api/tenants/{tenant}/sync/batches{(dryRun ? "?dryRun=true" : "")}", new { mode, objects });

    [Fact]
    public async Task A_dry_run_answers_what_the_batch_would_do_and_leaves_the_tenant_exactly_as_it_was()
    {
        var tenant = await Api.CreateTenantAsync(admin, "d" + Guid.NewGuid().ToString("N")[..10]);
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"), Api.User("a2", "ann@contoso.com")));
        object[] batch = [Api.User("a1", "joe@contoso.com", "SMTP:joe@contoso.com"), Api.User("a3", "joe@contoso.com"), Api.User("a4", "max@contoso.com")];
        var before = await Api.VisibleStateAsync(admin, tenant);

        var simulated = await Api.OkJsonAsync(await PushAsync(tenant, "full", batch, dryRun: true));

        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
        Assert.True(simulated["dryRun"]!.GetValue<bool>());
        var outcomes = simulated["results"]!.AsArray().Select(r => $"{r!["sourceAnchor"]}:{r["outcome"]}").Order().ToList();
        Assert.Equal(["a1:unchanged", "a2:deleted", "a3:created", "a4:created"], outcomes);
        Assert.Contains(simulated["results"]!.AsArray(), r => r!["quarantined"]!.AsArray().Count > 0);
        Assert.Equal(2, simulated["matchRecords"]!.AsArray().Count);
        Assert.Equal(1, simulated["deletionGuard"]!["deletes"]!.GetValue<int>());
        Assert.False(simulated["deletionGuard"]!["blocked"]!.GetValue<bool>());

        // The real batch then does what the dry run said.
        var real = await Api.OkJsonAsync(await PushAsync(tenant, "full", batch, dryRun: false));
        Assert.Equal(outcomes, real["results"]!.AsArray().Select(r => $"{r!["sourceAnchor"]}:{r["outcome"]}").Order().ToList());
    }

    [Fact]
    public async Task A_dry_run_over_the_deletion_threshold_reports_the_guards_verdict_instead_of_a_409()
    {
        var tenant = await Api.CreateTenantAsync(admin, "d" + Guid.NewGuid().ToString("N")[..10]);
        (await admin.PatchAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}", JsonContent.Create(new
        {
            configuration = new { accidentalDeletionPrevention = new { synchronizationPreventionType = "enabledForCount", alertThreshold = 1 } },
        }))).EnsureSuccessStatusCode();
        await Api.OkJsonAsync(await Api.PushAsync(admin, tenant, Api.User("a1", "a@contoso.com"), Api.User("a2", "b@contoso.com"), Api.User("a3", "c@contoso.com")));
        var before = await Api.VisibleStateAsync(admin, tenant);

        var simulated = await Api.OkJsonAsync(await PushAsync(tenant, "full", [], dryRun: true));
        var guard = simulated["deletionGuard"]!;
        Assert.True(guard["blocked"]!.GetValue<bool>());
        Assert.Equal(3, guard["deletes"]!.GetValue<int>());
        Assert.Equal("enabledForCount", guard["synchronizationPreventionType"]!.GetValue<string>());
        Assert.Equal(before, await Api.VisibleStateAsync(admin, tenant));
        Assert.Equal(409, (int)(await PushAsync(tenant, "full", [], dryRun: false)).StatusCode);
    }

    [Fact]
    public async Task A_dry_run_of_a_bad_batch_is_refused_like_the_batch()
    {
        var tenant = await Api.CreateTenantAsync(admin, "d" + Guid.NewGuid().ToString("N")[..10]);
        var problem = await Api.ProblemAsync(await PushAsync(tenant, "delta,full", [], dryRun: true), 400);
        Assert.Contains("mode", problem["errors"]!.AsObject().Select(e => e.Key));
    }
}

/// <summary>POST …/sync/features: the sync client reports the features it owns; Graph reads them; nothing else may be reported.</summary>
public class SyncClientFeatureApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_sync_client_reports_its_features_and_graph_reads_them_with_who_reported_them()
    {
        var admin = factory.Admin();
        var tenant = await Api.CreateTenantAsync(admin, "f" + Guid.NewGuid().ToString("N")[..10]);
        var client = factory.AsRole(AdminPortal.Web.Security.Roles.SyncClient);
        var answer = await Api.OkJsonAsync(await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/features",
            new Dictionary<string, bool> { ["passwordSyncEnabled"] = true, ["unifiedGroupWritebackEnabled"] = true }));
        var password = answer["value"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "passwordSyncEnabled")!;
        Assert.True(password["enabled"]!.GetValue<bool>());
        Assert.Equal("test-Portal.SyncClient", password["reportedBy"]!.GetValue<string>());

        var sync = await Api.OkJsonAsync(await admin.GetAsync($"/graph/{tenant}/v1.0/directory/onPremisesSynchronization/{tenant}"));
        Assert.True(sync["features"]!["passwordSyncEnabled"]!.GetValue<bool>());
        Assert.True(sync["features"]!["unifiedGroupWritebackEnabled"]!.GetValue<bool>());

        var refused = await Api.ProblemAsync(await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/features",
            new Dictionary<string, bool> { ["softMatchOnUpnEnabled"] = true }), 400);
        Assert.Contains("not set by the sync client", refused["title"]!.GetValue<string>());
        await Api.ProblemAsync(await client.PostAsJsonAsync($"/api/tenants/{tenant}/sync/features",
            new Dictionary<string, bool> { ["noSuchFeature"] = true }), 400);
        var reader = factory.AsRole(AdminPortal.Web.Security.Roles.Reader);
        Assert.Equal(403, (int)(await reader.PostAsJsonAsync($"/api/tenants/{tenant}/sync/features", new Dictionary<string, bool>())).StatusCode);
    }
}
