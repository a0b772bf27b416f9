using AdminPortal.Data.Stores;
using AdminPortal.Data.Tests.Fixtures;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdminPortal.Data.Tests;

/// <summary>
/// Sync runs over the real store: pages validated on arrival and staged, a bad page refused whole and corrected, a run
/// committed whole chunk by chunk with the rules seeing earlier chunks as one batch would, a full run's deletions and
/// its deletion guard, the clock abandoning a run, and two hosts committing for one tenant. Once per database.
/// </summary>
public abstract class SyncRunScenarios(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Client = "AAD Connect";
    /// <summary>Small chunks, so that even these runs are committed in several.</summary>
    private static readonly SyncRunLimits Limits = new(MaxPageObjects: 10, Timeout: TimeSpan.FromHours(1), CommitChunkObjects: 3);
    private readonly MovableClock clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private PortalDbContextFactory factory = null!;
    private Tenant tenant = null!;
    private readonly TenantLocks locks = new();

    public async Task InitializeAsync()
    {
        factory = await TestDatabases.NewMigratedAsync(provider);
        tenant = await NewTenantAsync("contoso");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Tenant> NewTenantAsync(string name)
    {
        var created = await new TenantService(new TenantStore(factory), clock).CreateAsync(new NewTenant(name, $"{name}.onmicrosoft.com",
            new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), [new("contoso.com", "Managed")]), "test", default);
        await new FeatureService(new TenantStore(factory), clock, NullLogger<FeatureService>.Instance).SetDeletionPreventionAsync(created.Id,
            AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForCount, 5), "test", default);
        return created;
    }

    private SyncRunService Runs(ITenantLocks? own = null, PortalDbContextFactory? over = null) =>
        SyncWiring.Runs(over ?? factory, own ?? locks, clock, Limits);

    private static IncomingObject User(int i, string? upn = null) => new()
    {
        ObjectType = "user", SourceAnchor = $"u{i:00}", DisplayName = $"User {i:00}", UserPrincipalName = upn ?? $"u{i:00}@contoso.com",
        ProxyAddresses = [$"SMTP:u{i:00}@contoso.com"],
    };

    private static IncomingObject?[] Users(int from, int count) => Enumerable.Range(from, count).Select(i => (IncomingObject?)User(i)).ToArray();

    private async Task<SyncRun> RunOfAsync(string mode, params IncomingObject?[][] pages)
    {
        var runs = Runs();
        var run = await runs.OpenAsync(tenant.Id, mode, Client, default);
        foreach (var page in pages) run = await runs.AddPageAsync(tenant.Id, run.Id, page, default);
        return run;
    }

    private async Task<int> StagedAsync()
    {
        await using var db = factory.CreateDbContext();
        return await db.StagedObjects.CountAsync();
    }

    private async Task<List<string>> SyncedAnchorsAsync(Guid? of = null)
    {
        await using var db = factory.CreateDbContext();
        var id = of ?? tenant.Id;
        return await db.DirectoryObjects.Where(o => o.TenantId == id && o.SyncEnabled).Select(o => o.ImmutableId!).OrderBy(a => a).ToListAsync();
    }

    [ProviderFact]
    public async Task A_run_of_three_pages_is_committed_whole_as_one_batch_with_its_results_in_order()
    {
        var run = await RunOfAsync("full", Users(0, 10), Users(10, 10), Users(20, 5));
        Assert.Equal((3, 25, SyncRunStatus.Open), (run.Pages, run.ObjectCount, run.Status));
        Assert.Equal(25, await StagedAsync());

        var outcome = await Runs().CommitAsync(tenant.Id, run.Id, default);
        Assert.Equal(new OutcomeCounts(25, 0, 0, 0, 0, 0), outcome.Batch.Counts);
        Assert.Equal(run.Id, outcome.Batch.Id);
        Assert.Equal(SyncRunStatus.Committed, (await Runs().GetAsync(tenant.Id, run.Id, default)).Status);
        Assert.Equal(0, await StagedAsync());
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"u{i:00}"), await SyncedAnchorsAsync());

        var detail = await new Queries.BatchQueries(factory).GetAsync(tenant.Id, run.Id, 0, 100, default);
        Assert.Equal((25, Client), (detail.Batch.ObjectCount, detail.Batch.Actor));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"u{i:00}"), detail.Results.Items.Select(r => r.SourceAnchor));
        Assert.Equal(Enumerable.Range(0, 25), detail.Results.Items.Select(r => r.Index));

        var again = await Assert.ThrowsAsync<DomainException>(() => Runs().AddPageAsync(tenant.Id, run.Id, Users(30, 1), default));
        Assert.Equal(("RunNotOpen", RefusalKind.Conflict), (again.Code, again.Kind));
        Assert.Contains("already committed", again.Message);
    }

    [ProviderFact]
    public async Task A_bad_page_is_refused_whole_naming_the_field_and_a_corrected_page_is_taken()
    {
        var run = await RunOfAsync("delta", Users(0, 3));
        var page = Users(3, 3);
        page[1] = User(4, upn: "not an address");
        var refused = await Assert.ThrowsAsync<BatchValidationException>(() => Runs().AddPageAsync(tenant.Id, run.Id, page, default));
        Assert.Equal(["objects[1].userPrincipalName"], refused.Errors.Keys);
        Assert.Equal(3, await StagedAsync());

        var repeated = await Assert.ThrowsAsync<BatchValidationException>(() => Runs().AddPageAsync(tenant.Id, run.Id, [User(7), User(1)], default));
        Assert.Equal(["objects[1].sourceAnchor"], repeated.Errors.Keys);
        Assert.Contains("earlier page of this run", repeated.Errors["objects[1].sourceAnchor"][0]);
        var tooBig = await Assert.ThrowsAsync<DomainException>(() => Runs().AddPageAsync(tenant.Id, run.Id, Users(40, 11), default));
        Assert.Equal("PageTooLarge", tooBig.Code);
        Assert.Equal(3, await StagedAsync());

        var corrected = await Runs().AddPageAsync(tenant.Id, run.Id, Users(3, 3), default);
        Assert.Equal((2, 6), (corrected.Pages, corrected.ObjectCount));
        Assert.Equal(6, (await Runs().CommitAsync(tenant.Id, run.Id, default)).Batch.Counts.Created);
    }

    [ProviderFact]
    public async Task Uniqueness_across_chunks_is_what_one_batch_gives()
    {
        // In chunks of three the duplicates meet objects of earlier chunks; the same export as one batch in another tenant.
        IncomingObject?[] export = [User(0), User(1), User(2), User(3, upn: "u00@contoso.com"), User(4), User(5, upn: "u01@contoso.com"),
            User(6) with { ProxyAddresses = ["SMTP:u02@contoso.com"] }, User(7)];
        var run = await RunOfAsync("full", export[..4], export[4..]);
        var paged = await Runs().CommitAsync(tenant.Id, run.Id, default);
        var other = await NewTenantAsync("fabrikam");
        var whole = await SyncWiring.Sync(factory, locks, clock).ApplyBatchAsync(other.Id, new SyncBatchRequest("full", export), Client, default);

        var results = await SameAsOneBatchAsync(run, paged, whole);
        Assert.Contains(results, r => r.Quarantined.Count > 0);
    }

    [ProviderFact]
    public async Task A_chunk_decided_while_the_one_before_is_written_sees_what_that_one_freed_and_took()
    {
        // In chunks of three, each decided while the chunk before it is written: u20's deletion and u21's new UPN in the
        // first chunk, and in the second, objects asking for u20's UPN and address, u21's old UPN (all free now) and its
        // new one (taken). Decided against the store's copies of u20 and u21, which that write has not reached yet, they
        // would be refused, and given.
        async Task<Tenant> PreparedAsync(string name)
        {
            var prepared = await NewTenantAsync(name);
            await SyncWiring.Sync(factory, locks, clock).ApplyBatchAsync(prepared.Id, new SyncBatchRequest("delta", [User(20), User(21)]), Client, default);
            return prepared;
        }
        IncomingObject?[] export = [User(0), new IncomingObject { ObjectType = "user", SourceAnchor = "u20", IsDeleted = true }, User(21, upn: "u21-new@contoso.com"),
            User(1, upn: "u20@contoso.com"), User(2, upn: "u21@contoso.com") with { ProxyAddresses = ["SMTP:u20@contoso.com"] }, User(3, upn: "u21-new@contoso.com")];
        tenant = await PreparedAsync("contoso-runs");
        var run = await RunOfAsync("delta", export[..4], export[4..]);
        var paged = await Runs().CommitAsync(tenant.Id, run.Id, default);
        var other = await PreparedAsync("contoso-batch");
        var whole = await SyncWiring.Sync(factory, locks, clock).ApplyBatchAsync(other.Id, new SyncBatchRequest("delta", export), Client, default);

        var results = await SameAsOneBatchAsync(run, paged, whole);
        Assert.Equal(2, results.Count(r => r.SourceAnchor is "u01" or "u02" && r.Outcome == ObjectOutcome.Created && r.Quarantined.Count == 0));
        Assert.Contains(results, r => r.SourceAnchor == "u03" && r.Quarantined.Any(q => q.Value == "u21-new@contoso.com"));
    }

    [ProviderFact]
    public async Task A_run_of_mostly_new_objects_still_meets_what_the_tenant_held_before_it_in_its_later_chunks()
    {
        // Ten objects into a tenant of two: the commit looks up only keys the tenant may hold, so the two it held before
        // (a cloud user with u08's UPN, and u09 synced by an earlier batch) must be among them, met in the last chunks.
        async Task<Tenant> PreparedAsync(string name)
        {
            var prepared = await NewTenantAsync(name);
            await new SyncRules.Cloud.CloudDirectoryService(new SyncStore(factory), locks, clock)
                .CreateAsync(prepared.Id, new SyncRules.Cloud.NewCloudObject(SyncRules.Directory.ObjectType.User, "Lee (cloud)", "u08@contoso.com"), "admin", default);
            await SyncWiring.Sync(factory, locks, clock).ApplyBatchAsync(prepared.Id, new SyncBatchRequest("delta", [User(9)]), Client, default);
            return prepared;
        }
        tenant = await PreparedAsync("contoso-runs");
        var run = await RunOfAsync("full", Users(0, 5), Users(5, 5));
        var paged = await Runs().CommitAsync(tenant.Id, run.Id, default);
        var other = await PreparedAsync("contoso-batch");
        var whole = await SyncWiring.Sync(factory, locks, clock).ApplyBatchAsync(other.Id, new SyncBatchRequest("full", Users(0, 10)), Client, default);

        var results = await SameAsOneBatchAsync(run, paged, whole);
        Assert.Equal(8, paged.Batch.Counts.Created);
        Assert.Contains(results, r => r.SourceAnchor == "u09" && r.Outcome != ObjectOutcome.Created);
        Assert.Contains(results, r => r.SourceAnchor == "u08" && (r.Outcome == ObjectOutcome.Matched || r.Quarantined.Count > 0 || r.Errors.Count > 0));
    }

    [ProviderFact]
    public async Task A_dry_run_given_in_chunks_meets_what_the_tenant_held_and_what_earlier_chunks_decided_as_one_batch()
    {
        // A cloud user holding u08's UPN and u09 synced before, met only by later chunks' keys; u10 asks for u01's address,
        // and u12, in the last chunk, for the UPN of the cloud user an earlier chunk decided on (loaded afresh, it would be as before).
        await new SyncRules.Cloud.CloudDirectoryService(new SyncStore(factory), locks, clock)
            .CreateAsync(tenant.Id, new SyncRules.Cloud.NewCloudObject(SyncRules.Directory.ObjectType.User, "Lee (cloud)", "u08@contoso.com"), "admin", default);
        var sync = SyncWiring.Sync(factory, locks, clock);
        await sync.ApplyBatchAsync(tenant.Id, new SyncBatchRequest("delta", [User(9), User(11)]), Client, default);
        var export = BatchValidator.Validate(new SyncBatchRequest("full",
            [.. Users(0, 10), User(10) with { ProxyAddresses = ["SMTP:u01@contoso.com"] }, User(12, upn: "u08@contoso.com")]));

        var whole = await sync.DryRunAsync(tenant.Id, export, Client, default);
        var dryRun = await sync.BeginDryRunAsync(tenant.Id, SyncMode.Full, Client, default);
        foreach (var chunk in export.Objects.Chunk(3)) await dryRun.DecideAsync(chunk, default);
        var chunked = dryRun.End();

        Assert.Equal(whole.Results.Select(Said), chunked.Results.Select(Said));
        Assert.Equal(whole.Batch.Counts, chunked.Batch.Counts);
        Assert.Contains(chunked.Results, r => r.SourceAnchor == "u09" && r.Outcome == ObjectOutcome.Unchanged);
        Assert.Contains(chunked.Results, r => r.SourceAnchor == "u10" && r.Quarantined.Count > 0);
        Assert.Contains(chunked.Results, r => r.SourceAnchor == "u11" && r.Outcome == ObjectOutcome.Deleted);
        Assert.Equal(2, (await SyncedAnchorsAsync()).Count);
    }

    /// <summary>The committed run's results, asserted to be what the same export gave as one batch.</summary>
    [ProviderFact]
    public async Task A_placeholder_drawn_again_that_an_object_no_key_of_the_run_names_holds_is_not_given_twice()
    {
        // Four random digits repeat, as they will among enough placeholders of one prefix: the second run draws the
        // placeholder the first gave (three times: as often as a commit is tried), then another.
        var digits = new ScriptedDigits(1000, 1000, 1000, 1000, 1001);
        var runs = SyncWiring.Runs(factory, locks, clock, Limits, digits: digits);
        async Task<BatchOutcome> CommitAsync(params IncomingObject?[] objects)
        {
            var run = await runs.OpenAsync(tenant.Id, "delta", Client, default);
            run = await runs.AddPageAsync(tenant.Id, run.Id, objects, default);
            return await runs.CommitAsync(tenant.Id, run.Id, default);
        }
        await CommitAsync(User(1, "shared@contoso.com"), User(2, "shared@contoso.com"));

        // Nothing of the third user names the second (its anchor, UPN and addresses are its own): only the store knows it.
        var third = await CommitAsync(User(3, "shared@contoso.com"));

        Assert.Equal(1, third.Batch.Counts.Created);
        await using var db = factory.CreateDbContext();
        Assert.Equal(["shared+1000@contoso.onmicrosoft.com", "shared+1001@contoso.onmicrosoft.com"], await db.DirectoryObjects
            .Where(o => o.TenantId == tenant.Id && (o.ImmutableId == "u02" || o.ImmutableId == "u03")).OrderBy(o => o.ImmutableId).Select(o => o.UserPrincipalName!).ToListAsync());
    }

    /// <summary>Placeholder digits in the order given, the last repeated.</summary>
    private sealed class ScriptedDigits(params int[] sequence) : IRandomDigits
    {
        private int next;
        public int Next4Digits() => sequence[Math.Min(next++, sequence.Length - 1)];
    }

    private async Task<IReadOnlyList<ObjectResult>> SameAsOneBatchAsync(SyncRun run, BatchOutcome paged, BatchOutcome whole)
    {
        var results = (await new Queries.BatchQueries(factory).GetAsync(tenant.Id, run.Id, 0, 100, default)).Results.Items;
        Assert.Equal(whole.Results.Select(Said), results.Select(Said));
        Assert.Equal(whole.Batch.Counts, paged.Batch.Counts);
        return results;
    }

    private static string Said(ObjectResult r) =>
        $"{r.Index} {r.SourceAnchor} {r.Outcome} {string.Join(",", r.Errors.Select(e => e.Code))} {string.Join(",", r.Quarantined.Select(q => q.PropertyCausingError + "=" + q.Value))}";

    [ProviderFact]
    public async Task A_full_run_deletes_the_synced_objects_no_page_named_and_the_deletion_guard_holds_it_whole()
    {
        await Runs().CommitAsync(tenant.Id, (await RunOfAsync("full", Users(0, 10), Users(10, 10))).Id, default);

        // Four left out, under the threshold of five: deleted.
        var smaller = await RunOfAsync("full", Users(0, 10), Users(10, 6));
        Assert.Equal(4, (await Runs().CommitAsync(tenant.Id, smaller.Id, default)).Batch.Counts.Deleted);
        Assert.Equal(16, (await SyncedAnchorsAsync()).Count);

        // Eight more left out, one of them deleted explicitly: over the threshold, nothing applied, the run held.
        var before = await SyncedAnchorsAsync();
        var tooMany = await RunOfAsync("full", Users(0, 7), [User(30), new IncomingObject { ObjectType = "user", SourceAnchor = "u07", IsDeleted = true }]);
        var refused = await Assert.ThrowsAsync<DeletionThresholdExceededException>(() => Runs().CommitAsync(tenant.Id, tooMany.Id, default));
        Assert.Equal(9, refused.Deletes);
        Assert.Equal(before, await SyncedAnchorsAsync());
        Assert.Equal(SyncRunStatus.HeldForReview, (await Runs().GetAsync(tenant.Id, tooMany.Id, default)).Status);
        Assert.Equal(9, await StagedAsync());
        var held = await new DeletionReviewStore(factory).GetAsync(tenant.Id, refused.HeldExportId!.Value, default);
        Assert.Equal((tooMany.Id, 9, 9), (held!.RunId, held.Deletes, held.ObjectCount));

        // Allowed once: the held run is committed as it was sent.
        var allowed = await SyncWiring.Reviews(factory, locks, clock).AllowAsync(tenant.Id, held.Id, "alice", default);
        Assert.Equal((9, 1), (allowed.Batch.Counts.Deleted, allowed.Batch.Counts.Created));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"u{i:00}").Append("u30"), await SyncedAnchorsAsync());
        Assert.Equal(SyncRunStatus.Committed, (await Runs().GetAsync(tenant.Id, tooMany.Id, default)).Status);
        Assert.Equal(0, await StagedAsync());
    }

    [ProviderFact]
    public async Task A_held_run_discarded_or_superseded_is_abandoned_with_its_pages()
    {
        await Runs().CommitAsync(tenant.Id, (await RunOfAsync("full", Users(0, 10))).Id, default);
        var first = await RunOfAsync("full", Users(0, 2));
        var held = (await Assert.ThrowsAsync<DeletionThresholdExceededException>(() => Runs().CommitAsync(tenant.Id, first.Id, default))).HeldExportId!.Value;
        await SyncWiring.Reviews(factory, locks, clock).DiscardAsync(tenant.Id, held, "alice", default);
        Assert.Equal(SyncRunStatus.Abandoned, (await Runs().GetAsync(tenant.Id, first.Id, default)).Status);

        var second = await RunOfAsync("full", Users(0, 3));
        await Assert.ThrowsAsync<DeletionThresholdExceededException>(() => Runs().CommitAsync(tenant.Id, second.Id, default));
        await Runs().CommitAsync(tenant.Id, (await RunOfAsync("delta", Users(10, 1))).Id, default);
        Assert.Equal(SyncRunStatus.Abandoned, (await Runs().GetAsync(tenant.Id, second.Id, default)).Status);
        Assert.Equal(0, await StagedAsync());
    }

    [ProviderFact]
    public async Task A_run_not_committed_in_time_is_abandoned_and_its_pages_removed()
    {
        var run = await RunOfAsync("full", Users(0, 5));
        var kept = await RunOfAsync("delta", Users(0, 2));
        clock.Advance(TimeSpan.FromMinutes(40));
        kept = await Runs().AddPageAsync(tenant.Id, kept.Id, Users(2, 1), default);
        clock.Advance(TimeSpan.FromMinutes(30));

        // Past its time it reads as abandoned at once, and refuses pages and its commit.
        Assert.Equal(SyncRunStatus.Abandoned, (await Runs().GetAsync(tenant.Id, run.Id, default)).Status);
        var late = await Assert.ThrowsAsync<DomainException>(() => Runs().CommitAsync(tenant.Id, run.Id, default));
        Assert.Contains("Sync:RunTimeout", late.Message);

        Assert.Equal(1, await Runs().SweepAsync(default));
        Assert.Equal(3, await StagedAsync());
        Assert.Empty(await SyncedAnchorsAsync());
        Assert.Equal(3, (await Runs().CommitAsync(tenant.Id, kept.Id, default)).Batch.Counts.Created);
    }

    [ProviderFact]
    public async Task A_committed_run_whose_pages_could_not_be_removed_is_committed_all_the_same_and_the_sweep_removes_them()
    {
        var run = await RunOfAsync("full", Users(0, 5), Users(5, 5));
        var busy = SyncWiring.Runs(factory, locks, clock, Limits, store => new BusyWhenRemovingStaged(store));
        Assert.Equal(10, (await busy.CommitAsync(tenant.Id, run.Id, default)).Batch.Counts.Created);
        Assert.Equal(SyncRunStatus.Committed, (await Runs().GetAsync(tenant.Id, run.Id, default)).Status);
        Assert.Equal(10, await StagedAsync());

        Assert.Equal(0, await Runs().SweepAsync(default));
        Assert.Equal(0, await StagedAsync());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"u{i:00}"), await SyncedAnchorsAsync());
    }

    [ProviderFact]
    public async Task A_committed_runs_staged_objects_are_removed_in_several_transactions_and_no_other_runs()
    {
        var run = await RunOfAsync("full", Users(0, 10), Users(10, 1));
        var open = await RunOfAsync("delta", Users(20, 2));
        // Three rows per transaction: eleven staged objects take four, the last one of a single row.
        var removingByThree = SyncWiring.Runs(factory, locks, clock, Limits, _ => new SyncRunStore(factory) { RemovedPerTransaction = 3 });
        Assert.Equal(11, (await removingByThree.CommitAsync(tenant.Id, run.Id, default)).Batch.Counts.Created);

        Assert.Equal(2, await StagedAsync());
        Assert.Equal(2, (await Runs().CommitAsync(tenant.Id, open.Id, default)).Batch.Counts.Created);
    }

    [ProviderFact]
    public async Task Where_the_host_removes_staged_pages_a_commit_answers_before_they_go_and_leaves_it_its_run()
    {
        var run = await RunOfAsync("full", Users(0, 10), Users(10, 1));
        await RunOfAsync("delta", Users(20, 2));
        var removal = new StagedPagesRemoval();
        Assert.Equal(11, (await SyncWiring.Runs(factory, locks, clock, Limits, removal: removal).CommitAsync(tenant.Id, run.Id, default)).Batch.Counts.Created);

        // Committed, its pages still there, and the run left to the remover; what it misses, the sweep removes.
        Assert.Equal(SyncRunStatus.Committed, (await Runs().GetAsync(tenant.Id, run.Id, default)).Status);
        Assert.Equal(13, await StagedAsync());
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Assert.Equal(run.Id, await removal.ReadAllAsync(stop.Token).FirstAsync(stop.Token));
        Assert.Equal(0, await Runs().SweepAsync(default));
        Assert.Equal(2, await StagedAsync());
        Assert.Equal(11, (await SyncedAnchorsAsync()).Count);
    }

    private sealed class BusyWhenRemovingStaged(ISyncRunStore inner) : RunStoreDecorator(inner)
    {
        public override Task RemoveStagedAsync(Guid runId, CancellationToken ct) => throw new DatabaseBusyException(new TimeoutException("database is locked"));
    }

    [ProviderFact]
    public async Task A_staged_object_that_no_longer_passes_validation_refuses_the_commit_whole_naming_it_and_the_run_stays_open()
    {
        var run = await RunOfAsync("full", Users(0, 10));
        // As if an upgrade had tightened a rule while the run was open: the object of the third chunk (read ahead of its turn).
        await using (var db = factory.CreateDbContext())
            await db.StagedObjects.Where(s => s.RunId == run.Id && s.Sequence == 7)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Payload, x => x.Payload.Replace("u07@contoso.com", "not an address")));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Runs().CommitAsync(tenant.Id, run.Id, default));
        Assert.Equal(("StagedObjectInvalid", RefusalKind.Conflict), (refused.Code, refused.Kind));
        Assert.Contains("Object 7 of the run ('u07')", refused.Message);
        Assert.Empty(await SyncedAnchorsAsync());
        Assert.Equal(SyncRunStatus.Open, (await Runs().GetAsync(tenant.Id, run.Id, default)).Status);
        Assert.Equal(10, await StagedAsync());
    }

    [ProviderFact]
    public async Task An_abandoned_run_leaves_nothing()
    {
        var run = await RunOfAsync("full", Users(0, 5));
        await Runs().AbandonAsync(tenant.Id, run.Id, Client, default);
        Assert.Equal(0, await StagedAsync());
        Assert.Empty(await SyncedAnchorsAsync());
        var commit = await Assert.ThrowsAsync<DomainException>(() => Runs().CommitAsync(tenant.Id, run.Id, default));
        Assert.Equal("RunNotOpen", commit.Code);
    }

    [ProviderFact]
    public async Task A_commit_cancelled_half_way_keeps_nothing_and_the_run_stays_open()
    {
        var run = await RunOfAsync("full", Users(0, 10), Users(10, 10));
        using var cancel = new CancellationTokenSource();
        var runs = SyncWiring.Runs(factory, locks, clock, Limits, store => new CancellingAfterWrites(store, cancel, writes: 3));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runs.CommitAsync(tenant.Id, run.Id, cancel.Token));
        Assert.Empty(await SyncedAnchorsAsync());
        await using (var db = factory.CreateDbContext())
            Assert.Equal(0, await db.SyncBatches.CountAsync(b => b.TenantId == tenant.Id));
        Assert.Equal(SyncRunStatus.Open, (await Runs().GetAsync(tenant.Id, run.Id, default)).Status);
        Assert.Equal(20, (await Runs().CommitAsync(tenant.Id, run.Id, default)).Batch.Counts.Created);
    }

    [ProviderFact]
    public async Task Two_hosts_committing_for_one_tenant_take_turns_and_each_sees_what_the_other_wrote()
    {
        // Two runs claiming the same addresses, committed at once from two hosts (own locks, own factories, one database).
        var a = await RunOfAsync("delta", Users(0, 10));
        var b = await RunOfAsync("delta", Enumerable.Range(50, 10).Select(i => (IncomingObject?)(User(i, upn: $"u{i - 50:00}@contoso.com") with
            { ProxyAddresses = [$"SMTP:u{i - 50:00}@contoso.com"] })).ToArray());
        var hosts = Enumerable.Range(0, 2).Select(_ => Runs(HostLocks(), new PortalDbContextFactory(factory.Settings))).ToArray();
        var outcomes = await Task.WhenAll(hosts[0].CommitAsync(tenant.Id, a.Id, default), hosts[1].CommitAsync(tenant.Id, b.Id, default));

        // Whichever went second met every address taken: its users are created with their values quarantined.
        var second = outcomes.MaxBy(o => o.Batch.ReceivedDateTime)!;
        Assert.Equal(10, outcomes.Sum(o => o.Batch.Counts.Created) - 10);
        await using var db = factory.CreateDbContext();
        var upns = await db.DirectoryObjects.Where(o => o.TenantId == tenant.Id).Select(o => o.UpnNormalized).ToListAsync();
        Assert.Equal(upns.Count, upns.Distinct().Count());
        var proxies = await db.ProxyAddresses.Where(p => p.TenantId == tenant.Id).Select(p => p.Normalized).ToListAsync();
        Assert.Equal(10, proxies.Count);
        Assert.Equal(20, await db.Quarantine.CountAsync(q => q.TenantId == tenant.Id));
        Assert.NotNull(second);
    }

    /// <summary>On PostgreSQL and SQL Server the database's lock, as a second process has; on SQLite the one in-process lock.</summary>
    private ITenantLocks HostLocks() =>
        provider == DatabaseProvider.Sqlite ? locks : new DatabaseTenantLocks(new PortalDbContextFactory(factory.Settings), new TenantLocks());

    [ProviderFact]
    public async Task The_same_run_committed_by_two_hosts_at_once_is_applied_once()
    {
        var run = await RunOfAsync("delta", Users(0, 10));
        var hosts = Enumerable.Range(0, 2).Select(_ => Runs(HostLocks(), new PortalDbContextFactory(factory.Settings))).ToArray();
        var attempts = await Task.WhenAll(hosts.Select(async h =>
        {
            try { return (await h.CommitAsync(tenant.Id, run.Id, default)).Batch.Counts.Created; }
            catch (DomainException e) when (e.Code == "RunNotOpen") { return -1; }
        }));
        Assert.Equal([-1, 10], attempts.Order());
        await using var db = factory.CreateDbContext();
        Assert.Equal(1, await db.SyncBatches.CountAsync(b => b.TenantId == tenant.Id));
    }
}

/// <summary>A clock an admin's afternoon can be moved along.</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;
    public override DateTimeOffset GetUtcNow() => now;
    public void Advance(TimeSpan by) => now += by;
}

/// <summary>The real run store, passed through; a test's own kind changes what it needs to.</summary>
public class RunStoreDecorator(ISyncRunStore inner) : ISyncRunStore
{
    public Task AddAsync(SyncRun run, IReadOnlyList<StagedObject> objects, CancellationToken ct) => inner.AddAsync(run, objects, ct);
    public Task<SyncRun?> FindAsync(Guid tenantId, Guid runId, CancellationToken ct) => inner.FindAsync(tenantId, runId, ct);
    public Task<IReadOnlyDictionary<string, int>> StagedAnchorsAsync(Guid runId, IReadOnlyCollection<string> anchors, CancellationToken ct) => inner.StagedAnchorsAsync(runId, anchors, ct);
    public Task StagePageAsync(SyncRun before, SyncRun after, IReadOnlyList<StagedObject> objects, CancellationToken ct) => inner.StagePageAsync(before, after, objects, ct);
    public Task SettleAsync(SyncRun before, SyncRun after, DirectoryChanges? with, CancellationToken ct) => inner.SettleAsync(before, after, with, ct);
    public Task<int> AbandonExpiredAsync(DateTimeOffset cutoff, DateTimeOffset now, CancellationToken ct) => inner.AbandonExpiredAsync(cutoff, now, ct);
    public Task<int> RemoveLeftOverStagedAsync(CancellationToken ct) => inner.RemoveLeftOverStagedAsync(ct);
    public Task<IReadOnlyList<StagedObject>> ReadStagedAsync(Guid runId, int afterSequence, int take, CancellationToken ct) => inner.ReadStagedAsync(runId, afterSequence, take, ct);
    public virtual Task RemoveStagedAsync(Guid runId, CancellationToken ct) => inner.RemoveStagedAsync(runId, ct);
    public virtual Task<IRunCommit> BeginCommitAsync(Guid tenantId, CancellationToken ct) => inner.BeginCommitAsync(tenantId, ct);
}

/// <summary>The real run store, whose commits are cancelled after their first chunks were written (as a client hanging up would).</summary>
public sealed class CancellingAfterWrites(ISyncRunStore inner, CancellationTokenSource cancel, int writes) : RunStoreDecorator(inner)
{
    public override async Task<IRunCommit> BeginCommitAsync(Guid tenantId, CancellationToken ct) => new Commit(await base.BeginCommitAsync(tenantId, ct), cancel, writes);

    private sealed class Commit(IRunCommit inner, CancellationTokenSource cancel, int writes) : IRunCommit
    {
        private int written;
        public Task<(int Objects, int Synced)> CountsAsync(CancellationToken ct) => inner.CountsAsync(ct);
        public Task ClaimAsync(SyncRun run, SyncBatchRecord batch, CancellationToken ct) => inner.ClaimAsync(run, batch, ct);
        public Task LoadIntoAsync(DirectoryIndex index, BatchKeys keys, int tenantObjects, CancellationToken ct) => inner.LoadIntoAsync(index, keys, tenantObjects, ct);
        public Task<IReadOnlyList<KeyValuePair<string, SyncedAnchor>>> MissingAsync(Guid runId, string? afterAnchor, int take, CancellationToken ct) => inner.MissingAsync(runId, afterAnchor, take, ct);
        public Task<IReadOnlyList<(Guid Id, string Upn)>> UpnHoldersAsync(IReadOnlyCollection<string> normalizedUpns, CancellationToken ct) => inner.UpnHoldersAsync(normalizedUpns, ct);
        public async Task WriteAsync(DirectoryChanges changes, Guid batchId, int firstSequence, CancellationToken ct)
        {
            await inner.WriteAsync(changes, batchId, firstSequence, ct);
            if (++written == writes) await cancel.CancelAsync();
        }
        public Task FinishAsync(SyncRun committed, SyncBatchRecord batch, DirectoryChanges last, CancellationToken ct) => inner.FinishAsync(committed, batch, last, ct);
        public Task CommitAsync(CancellationToken ct) => inner.CommitAsync(ct);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

public sealed class SyncRunScenariosOnSqlite() : SyncRunScenarios(DatabaseProvider.Sqlite);

public sealed class SyncRunScenariosOnPostgres() : SyncRunScenarios(DatabaseProvider.Postgres);

[SqlServer]
public sealed class SyncRunScenariosOnSqlServer() : SyncRunScenarios(DatabaseProvider.SqlServer);
