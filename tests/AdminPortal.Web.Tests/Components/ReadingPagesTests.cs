using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.SyncClients;
using AdminPortal.Web.Components.Shared;
using AdminPortal.Web.Components.Pages.Audit;
using AdminPortal.Web.Components.Pages.Batches;
using AdminPortal.Web.Components.Pages.Home;
using AdminPortal.Web.Components.Pages.Objects;
using AdminPortal.Web.Security;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace AdminPortal.Web.Tests.Components;

/// <summary>
/// The pages an admin reads: tenants, dashboard, objects, object, match history, batches, batch, audit. Each is fed by
/// real batches through the real engine, and each test checks what the admin sees against what those batches did.
/// </summary>
public class ReadingPagesTests : PortalComponentTest
{
    /// <summary>
    /// A tenant whose one batch has a known outcome: Ann and Bob both bring smtp:shared (Bob's copy is quarantined), and
    /// a user bringing the address of a cloud-only group fails with ObjectTypeMismatch.
    /// </summary>
    private async Task<(Guid Tenant, BatchOutcome Batch)> TenantWithKnownBatchAsync()
    {
        var tenant = await EmptyTenantAsync();
        await Service<CloudDirectoryService>().CreateAsync(tenant, new NewCloudObject(ObjectType.Group, "Sales list", Mail: "sales@tailspin.com"), "test", default);
        var batch = await PushAsync(tenant,
            UserObject("ann", "ann@tailspin.com", "SMTP:ann@tailspin.com", "smtp:shared@tailspin.com"),
            UserObject("bob", "bob@tailspin.com", "SMTP:bob@tailspin.com", "smtp:shared@tailspin.com"),
            UserObject("sal", "sal@tailspin.com", "SMTP:sales@tailspin.com"));
        return (tenant, batch);
    }

    private IRenderedComponent<TPage> Open<TPage>(string url, Action<ComponentParameterCollectionBuilder<TPage>> parameters) where TPage : IComponent
    {
        Service<NavigationManager>().NavigateTo(url);
        return Ctx.Render(parameters);
    }

    private static string Stat(IRenderedComponent<DashboardPage> page, string label) => page.Find($"[data-stat='{label}']").TextContent.Trim();

    [Fact]
    public async Task The_tenants_page_links_each_tenant_to_its_dashboard_and_says_so_when_there_is_none()
    {
        User.SignIn(Roles.Reader);
        var empty = Ctx.Render<TenantsPage>();
        empty.WaitForAssertion(() => Assert.Contains("No tenant yet", empty.Markup));

        var contoso = await ContosoAsync();
        var page = Ctx.Render<TenantsPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("a[href^='/tenants/']").Count));
        Assert.Contains("contoso.onmicrosoft.com", page.Markup);
        Assert.NotNull(page.Find($"a[href='/tenants/{contoso}']"));
        Assert.DoesNotContain("No tenant yet", page.Markup);
    }

    [Fact]
    public async Task The_dashboard_counts_what_the_batch_did_by_attribute_type_and_error()
    {
        var (tenant, _) = await TenantWithKnownBatchAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Equal("1", Stat(page, "Open conflicts")));
        Assert.Equal("1", Stat(page, "Failed objects"));
        Assert.Equal("2", Stat(page, "Synced objects"));
        Assert.Equal("1", Stat(page, "Cloud-only objects"));
        // The conflicts table: Bob's quarantined proxy address counts under ProxyAddresses x User, nothing else.
        var proxyRow = page.FindAll("tr").Single(r => r.QuerySelector("th[scope='row']")?.TextContent == nameof(ConflictProperty.ProxyAddress));
        Assert.Equal(["1", "0", "0"], proxyRow.QuerySelectorAll("td").Select(c => c.TextContent.Trim()));
        Assert.Contains(SyncErrorCodes.ObjectTypeMismatch, page.Find(".ap-rows").TextContent);
        // Recent batches and the throughput chart's table both show the one batch: 3 objects, 2 created, 1 failed.
        var batchRow = page.Find("table:has(a[href*='/batches/']) tbody tr");
        Assert.Contains("3", batchRow.QuerySelectorAll("td")[3].TextContent);
        Assert.Contains("Objects per batch by outcome", page.Markup);
    }

    [Fact]
    public async Task The_dashboard_of_a_tenant_with_no_batch_says_there_is_nothing_to_show()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("No quarantined values.", page.Markup));
        Assert.Contains("Every exported object was applied.", page.Markup);
        Assert.Contains("No batch yet", page.Markup);
        Assert.Equal("0", Stat(page, "Open conflicts"));
    }

    private static SyncClientReportRequest AgentReport(string interval = "PT30M") => new()
    {
        SynchronizationClientVersion = "AdminPortal.SyncAgent 1.0.0", SynchronizationInterval = interval,
        CurrentExportData = new CurrentExportDataRequest
        {
            ClientMachineName = "DC-SYNC01", ServiceAccount = "svc-sync@tailspin.com", SuccessfulObjectsProvisioningCount = 42, TotalConnectorSpaceObjects = 1200,
            PendingObjectsDeletion = 7,
        },
    };

    [Fact]
    public async Task The_dashboard_shows_which_sync_client_syncs_the_tenant_from_where_and_when_it_is_due()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("No sync client has reported yet", page.Find("[data-panel='sync-client']").TextContent));

        // The client reports while the page is open: it updates live.
        var status = await Service<SyncClientService>().ReportAsync(tenant, AgentReport(), "key:agent-on-dc", default);
        page.WaitForAssertion(() => Assert.Contains("DC-SYNC01", page.Find("[data-panel='sync-client']").TextContent));
        var panel = page.Find("[data-panel='sync-client']").TextContent;
        Assert.Contains("AdminPortal.SyncAgent 1.0.0", panel);
        Assert.Contains("svc-sync@tailspin.com", panel);
        Assert.Contains("42 objects provisioned; 1,200 objects in the client's scope", panel);
        Assert.Contains("7 deletions waiting", panel);
        Assert.Contains($"{status.NextExportDue!.Value:yyyy-MM-dd HH:mm} UTC — every 30 min", panel);
        Assert.Empty(page.FindAll("[data-overdue]"));
    }

    [Fact]
    public async Task The_dashboard_warns_while_sync_clients_may_change_source_anchors_and_since_when()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("Open conflicts", page.Markup));
        Assert.Empty(page.FindAll("#anchor-updates-on"));

        await Service<AdminPortal.SyncRules.Features.FeatureService>().SetByAdminAsync(tenant,
            new Dictionary<AdminPortal.SyncRules.Features.DirSyncFeature, bool> { [AdminPortal.SyncRules.Features.DirSyncFeature.AllowOnPremUpdateOfOnPremisesObjectIdentifier] = true }, "alice", default);
        page.WaitForAssertion(() => Assert.Contains("turned on by alice", page.Find("#anchor-updates-on").TextContent));
        Assert.Contains("since ", page.Find("#anchor-updates-on").TextContent);

        await Service<AdminPortal.SyncRules.Features.FeatureService>().SetByAdminAsync(tenant,
            new Dictionary<AdminPortal.SyncRules.Features.DirSyncFeature, bool> { [AdminPortal.SyncRules.Features.DirSyncFeature.AllowOnPremUpdateOfOnPremisesObjectIdentifier] = false }, "alice", default);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#anchor-updates-on")));
    }

    [Fact]
    public async Task After_a_lost_change_feed_every_open_page_reloads_what_it_shows()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<DashboardPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Equal("0", Stat(page, "Cloud-only objects")));

        // A change the feed never announced (written straight to the store), then the feed's word that it was lost and is back.
        var changes = new DirectoryChanges();
        changes.Add(AdminPortal.SyncRules.Directory.DirectoryObject.CreateCloud(Guid.CreateVersion7(), tenant,
            new NewCloudObject(ObjectType.User, "Unannounced", "unannounced@tailspin.com"), [], DateTimeOffset.UtcNow));
        await Service<AdminPortal.SyncRules.Ports.ISyncStore>().SaveAsync(tenant, changes, default);
        await Task.Delay(300);
        Assert.Equal("0", Stat(page, "Cloud-only objects"));
        Service<AdminPortal.SyncRules.Ports.IChangeFeed>().Publish(new AdminPortal.SyncRules.Changes.DirectoryChange(null, AdminPortal.SyncRules.Changes.ChangeKind.Resync));
        page.WaitForAssertion(() => Assert.Equal("1", Stat(page, "Cloud-only objects")));
    }

    [Fact]
    public void A_sync_client_silent_for_two_of_its_intervals_is_flagged_and_one_interval_late_is_not()
    {
        var reported = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);
        var client = new SyncClientStatus(Guid.NewGuid(), new SyncClientReport("AdminPortal.SyncAgent 1.0.0", "DC-SYNC01", null, null, null, TimeSpan.FromMinutes(30),
            new ExportData(0, 0, 0, 0, 5, 5), reported, "key:agent"), CustomerRequestedInterval: TimeSpan.FromHours(1));
        User.SignIn(Roles.Reader);
        var late = Ctx.Render<SyncClientPanel>(p => p.Add(x => x.Client, client).Add(x => x.Now, reported.AddMinutes(110)));
        Assert.Empty(late.FindAll("[data-overdue]"));
        Assert.Contains("every 1 h, as an admin asked", late.Markup);
        var silent = Ctx.Render<SyncClientPanel>(p => p.Add(x => x.Client, client).Add(x => x.Now, reported.AddMinutes(121)));
        Assert.Contains("nothing from the sync client for 2 h 1 min", silent.Find("[data-overdue]").TextContent);
    }

    [Fact]
    public async Task The_objects_page_searches_by_name_and_type_and_pages_by_key()
    {
        var tenant = await EmptyTenantAsync();
        await PushAsync(tenant, Enumerable.Range(1, 51).Select(i => UserObject($"u{i:00}", $"user{i:00}@tailspin.com", $"SMTP:user{i:00}@tailspin.com")).ToArray());
        await Service<CloudDirectoryService>().CreateAsync(tenant, new NewCloudObject(ObjectType.Group, "user group"), "test", default);
        User.SignIn(Roles.Reader);

        var url = $"http://localhost/tenants/{tenant}/objects";
        var first = Open<ObjectsPage>(url, p => p.Add(x => x.TenantId, tenant));
        first.WaitForAssertion(() => Assert.Equal(50, first.FindAll("tbody tr").Count));
        // Clicked again if a render replaced the button as it was clicked (a loaded CI machine has shown that once).
        first.WaitForAssertion(() =>
        {
            if (!Service<NavigationManager>().Uri.Contains("after=", StringComparison.OrdinalIgnoreCase))
                first.FindAll("button").Single(b => b.TextContent.Contains("Next page")).Click();
            Assert.Matches("[?&]after=[0-9a-f-]{36}", Service<NavigationManager>().Uri.ToLowerInvariant());
        });
        var next = Service<NavigationManager>().Uri;
        var second = Open<ObjectsPage>(next, p => p.Add(x => x.TenantId, tenant));
        second.WaitForAssertion(() => Assert.Equal(2, second.FindAll("tbody tr").Count));
        Assert.Contains("First page", second.Markup);

        var groups = Open<ObjectsPage>($"{url}?q=user&type=Group", p => p.Add(x => x.TenantId, tenant));
        groups.WaitForAssertion(() => Assert.Equal("user group", groups.Find("tbody tr a").TextContent));
        Assert.Single(groups.FindAll("tbody tr"));
        Assert.DoesNotContain("Next page", groups.Markup);

        var none = Open<ObjectsPage>($"{url}?q=nobody", p => p.Add(x => x.TenantId, tenant));
        none.WaitForAssertion(() => Assert.Contains("No object matches.", none.Markup));
    }

    [Fact]
    public async Task The_object_page_shows_its_attributes_quarantined_values_and_the_rule_that_bound_it()
    {
        var (tenant, batch) = await TenantWithKnownBatchAsync();
        var bob = batch.Results.Single(r => r.SourceAnchor == "bob").ObjectId!.Value;
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<ObjectPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.ObjectId, bob));
        page.WaitForAssertion(() => Assert.Contains("bob@tailspin.com", page.Markup));
        Assert.Contains("smtp:shared@tailspin.com", page.Find(".ap-object-card").TextContent);
        var timeline = page.Find(".mud-timeline");
        Assert.Contains("Provisioned", timeline.TextContent);
        Assert.Contains("Features in force:", timeline.TextContent);
        Assert.Contains("quarantineUponProxyAddressesConflictEnabled", timeline.TextContent);
    }

    [Fact]
    public async Task An_admin_converts_a_synced_object_to_cloud_management_after_reading_what_it_does_and_gives_it_back()
    {
        var (tenant, batch) = await TenantWithKnownBatchAsync();
        var ann = batch.Results.Single(r => r.SourceAnchor == "ann").ObjectId!.Value;
        User.SignIn(Roles.Admin, "alice");
        var dialogs = Providers();
        var page = Ctx.Render<ObjectPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.ObjectId, ann));
        page.WaitForAssertion(() => Assert.Contains("Source of authority: on premises.", page.Find("#authority").TextContent));

        page.Find("[data-action='convert-to-cloud']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("no longer applied", dialogs.Find(".mud-dialog").TextContent));
        dialogs.Find("#confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("Source of authority: the cloud.", page.Find("#authority").TextContent));
        Assert.Contains("cloud-managed", page.Find("h1").Parent!.TextContent);
        Assert.True((await Service<IDirectoryQueries>().GetAsync(tenant, ann, null, default)).IsCloudManaged);

        // The sync client's next export of Ann is not applied: the history says so, live.
        await PushAsync(tenant, UserObject("ann", "ann.new@tailspin.com", "SMTP:ann@tailspin.com"));
        page.WaitForAssertion(() => Assert.Contains("NotApplied", page.Find(".mud-timeline").TextContent));

        page.Find("[data-action='return-to-sync-client']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("applied in full", dialogs.Find(".mud-dialog").TextContent));
        dialogs.Find("#confirm").Click();
        page.WaitForAssertion(() => Assert.Contains("Source of authority: on premises.", page.Find("#authority").TextContent));
        var audit = await Service<IAuditQueries>().ListAsync(tenant, new AuditFilter(Actor: "alice"), 10, null, default);
        Assert.Equal(["object.returnToSyncClient", "object.convertToCloud"], audit.Items.Select(e => e.Action));
    }

    [Fact]
    public async Task A_reader_sees_who_holds_authority_and_no_way_to_move_it()
    {
        var (tenant, batch) = await TenantWithKnownBatchAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<ObjectPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.ObjectId, batch.Results.Single(r => r.SourceAnchor == "ann").ObjectId!.Value));
        page.WaitForAssertion(() => Assert.Contains("Source of authority: on premises.", page.Find("#authority").TextContent));
        Assert.Empty(page.FindAll("[data-action]"));
    }

    [Fact]
    public async Task A_cloud_object_that_never_matched_has_an_empty_history_that_says_why()
    {
        var tenant = await EmptyTenantAsync();
        var cloud = await Service<CloudDirectoryService>().CreateAsync(tenant, new NewCloudObject(ObjectType.User, "Cleo", "cleo@tailspin.com"), "test", default);
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<ObjectPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.ObjectId, cloud.Id));
        page.WaitForAssertion(() => Assert.Contains("created in the cloud and never matched", page.Markup));
    }

    [Fact]
    public async Task Match_history_filters_by_outcome_from_the_url_and_writes_its_filters_back_to_it()
    {
        var (tenant, _) = await TenantWithKnownBatchAsync();
        User.SignIn(Roles.Reader);
        var url = $"http://localhost/tenants/{tenant}/match-history";
        var all = Open<MatchDecisionsPage>(url, p => p.Add(x => x.TenantId, tenant));
        all.WaitForAssertion(() => Assert.Equal(3, all.FindAll("tbody tr").Count));

        var failed = Open<MatchDecisionsPage>($"{url}?outcome=Failed", p => p.Add(x => x.TenantId, tenant));
        failed.WaitForAssertion(() => Assert.Single(failed.FindAll("tbody tr")));
        Assert.Contains("sal", failed.Find("tbody tr").TextContent);
        Assert.Contains(SyncErrorCodes.ObjectTypeMismatch, failed.Find("tbody tr").TextContent);

        failed.Find("form").Submit();
        Assert.Contains("outcome=Failed", Service<NavigationManager>().Uri, StringComparison.OrdinalIgnoreCase);
        var matched = Open<MatchDecisionsPage>($"{url}?outcome=Matched", p => p.Add(x => x.TenantId, tenant));
        matched.WaitForAssertion(() => Assert.Contains("No decision matches.", matched.Markup));
    }

    [Fact]
    public async Task The_batches_page_lists_each_export_and_shows_a_new_one_without_a_reload()
    {
        var (tenant, batch) = await TenantWithKnownBatchAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<BatchesPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tbody tr")));
        Assert.NotNull(page.Find($"a[href='/tenants/{tenant}/batches/{batch.Batch.Id}']"));

        await PushAsync(tenant, UserObject("cy", "cy@tailspin.com", "SMTP:cy@tailspin.com"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tbody tr").Count), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_batches_page_shows_a_run_in_progress_page_by_page_and_lists_it_as_a_batch_once_committed()
    {
        var tenant = await EmptyTenantAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<BatchesPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("No batch yet", page.Markup));
        Assert.DoesNotContain("Runs in progress", page.Markup);

        var runs = Service<SyncRunService>();
        var run = await runs.OpenAsync(tenant, "full", "AAD Connect", default);
        await runs.AddPageAsync(tenant, run.Id, [UserObject("ann", "ann@tailspin.com"), UserObject("bob", "bob@tailspin.com")], default);
        page.WaitForAssertion(() =>
        {
            var row = page.Find("table:has(th:contains('Pages')) tbody tr").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
            Assert.Equal(["Full", "AAD Connect", "1", "2", "less than a minute ago"], row.Skip(1).Take(5));
        }, TimeSpan.FromSeconds(2));
        await runs.AddPageAsync(tenant, run.Id, [UserObject("cy", "cy@tailspin.com")], default);
        page.WaitForAssertion(() => Assert.Contains(">3<", page.Find("table:has(th:contains('Pages')) tbody tr").InnerHtml.Replace(" ", "")), TimeSpan.FromSeconds(2));

        await runs.CommitAsync(tenant, run.Id, default);
        page.WaitForAssertion(() =>
        {
            Assert.DoesNotContain("Runs in progress", page.Markup);
            Assert.NotNull(page.Find($"a[href='/tenants/{tenant}/batches/{run.Id}']"));
        }, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_batches_page_shows_how_far_a_run_being_committed_has_got_and_moves_as_it_goes()
    {
        var tenant = await EmptyTenantAsync();
        var runs = Service<SyncRunService>();
        var run = await runs.OpenAsync(tenant, "full", "AAD Connect", default);
        await runs.AddPageAsync(tenant, run.Id, [UserObject("ann", "ann@tailspin.com"), UserObject("bob", "bob@tailspin.com"), UserObject("cy", "cy@tailspin.com")], default);
        // As the instance committing it announces it while its transaction runs, this one or another
        // (AdminPortal.SyncRules.Tests/CommitProgressRules drives a real commit).
        var feed = Service<AdminPortal.SyncRules.Ports.IChangeFeed>();
        var started = DateTimeOffset.UtcNow;
        void Announced(int written, bool ended = false) =>
            feed.Publish(new(tenant, AdminPortal.SyncRules.Changes.ChangeKind.SyncRun, new(run.Id, written, 3, started, ended)));
        Announced(1);
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<BatchesPage>(p => p.Add(x => x.TenantId, tenant));
        page.WaitForAssertion(() => Assert.Contains("1 of 3 objects written", page.Find(".commit-progress").TextContent));
        Assert.InRange(double.Parse(page.Find("[role=progressbar]").GetAttribute("aria-valuenow")!, System.Globalization.CultureInfo.InvariantCulture), 33.3, 33.4);

        Announced(2);
        page.WaitForAssertion(() => Assert.Contains("2 of 3 objects written", page.Find(".commit-progress").TextContent), TimeSpan.FromSeconds(2));
        // Ended without committing (a refusal, a lost instance): the run is open again, awaiting its client.
        Announced(3, ended: true);
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".commit-progress")), TimeSpan.FromSeconds(2));
        Assert.Contains("Runs in progress", page.Markup);
    }

    [Fact]
    public async Task The_batch_page_shows_each_object_outcome_with_its_error_and_quarantined_value()
    {
        var (tenant, batch) = await TenantWithKnownBatchAsync();
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<BatchPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.BatchId, batch.Batch.Id));
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tbody tr").Count));
        Assert.Contains("2 created", page.Markup);
        Assert.Contains("1 failed", page.Markup);
        var rows = page.FindAll("tbody tr").ToDictionary(r => r.QuerySelectorAll("td")[1].TextContent.Trim());
        Assert.Contains("Quarantined ProxyAddress", rows["bob"].TextContent);
        Assert.Contains("smtp:shared@tailspin.com", rows["bob"].TextContent);
        Assert.Contains("Failed", rows["sal"].TextContent);
        Assert.Contains(SyncErrorCodes.ObjectTypeMismatch, rows["sal"].TextContent);
        Assert.Empty(rows["sal"].QuerySelectorAll("a"));
        Assert.NotNull(rows["ann"].QuerySelector("a[href*='/objects/']"));
    }

    [Fact]
    public async Task The_audit_log_filters_by_actor_from_the_url()
    {
        var tenant = await EmptyTenantAsync();
        await Service<CloudDirectoryService>().CreateAsync(tenant, new NewCloudObject(ObjectType.User, "Cleo", "cleo@tailspin.com"), "carol", default);
        await Service<CloudDirectoryService>().CreateAsync(tenant, new NewCloudObject(ObjectType.User, "Dan", "dan@tailspin.com"), "dave", default);
        User.SignIn(Roles.Reader);
        var url = $"http://localhost/tenants/{tenant}/audit";
        var all = Open<AuditPage>(url, p => p.Add(x => x.TenantId, tenant));
        all.WaitForAssertion(() => Assert.Contains("dave", all.Markup));

        var carol = Open<AuditPage>($"{url}?actor=carol", p => p.Add(x => x.TenantId, tenant));
        carol.WaitForAssertion(() => Assert.NotEmpty(carol.FindAll("tbody tr")));
        Assert.All(carol.FindAll("tbody tr"), r => Assert.Equal("carol", r.QuerySelectorAll("td")[1].TextContent.Trim()));
        Assert.Contains("cleo@tailspin.com", carol.Find("tbody").TextContent);

        var nobody = Open<AuditPage>($"{url}?actor=mallory", p => p.Add(x => x.TenantId, tenant));
        nobody.WaitForAssertion(() => Assert.Contains("No audit event matches.", nobody.Markup));
    }

    [Fact]
    public async Task A_contact_bringing_a_synced_users_address_is_provisioned_and_its_history_says_why_the_user_was_not_a_match()
    {
        var tenant = await EmptyTenantAsync();
        await PushAsync(tenant, UserObject("u1", "sales.lead@tailspin.com", "SMTP:sales@tailspin.com"));
        var contact = (await PushAsync(tenant, new IncomingObject { ObjectType = "contact", SourceAnchor = "c1", DisplayName = "Sales (partner)",
            Mail = "sales@tailspin.com", ProxyAddresses = ["SMTP:sales@tailspin.com"] })).Results.Single();
        Assert.Equal(ObjectOutcome.Created, contact.Outcome);
        User.SignIn(Roles.Reader);
        var page = Ctx.Render<ObjectPage>(p => p.Add(x => x.TenantId, tenant).Add(x => x.ObjectId, contact.ObjectId!.Value));
        page.WaitForAssertion(() => Assert.Contains("is a user, not a contact", page.Find(".mud-timeline").TextContent));
        Assert.Contains("quarantined", page.Find(".mud-timeline").TextContent);
        Assert.Contains("SMTP:sales@tailspin.com", page.Find(".ap-object-card").TextContent);
    }
}
