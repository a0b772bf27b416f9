using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// Commits a sync run — every export takes this one path, a batch being a run of one page: under the tenant's write
/// lock, in one transaction, chunk by chunk (<see cref="SyncRunLimits.CommitChunkObjects"/> staged objects at a time,
/// so memory follows the chunk, not the export), each chunk decided by the engine against what the store holds now,
/// earlier chunks included; then, for a full run, the synced objects no page named are deleted. Over the deletion
/// guard nothing is kept and the run is held for review; a newer export from the same client supersedes a held one.
/// </summary>
public sealed class RunCommitter(ISyncRunStore runs, ISyncStore store, SyncEngine engine, ITenantLocks locks, TimeProvider clock, SyncRunLimits limits,
    ILogger<RunCommitter> logger, IDeletionReviewStore? reviews = null, IChangeFeed? feed = null, SyncTelemetry? telemetry = null,
    CommitProgress? progress = null, StagedPagesRemoval? removal = null)
{
    private const int Attempts = 3;
    /// <summary>How many times a chunk is decided again for placeholders found taken in the store.</summary>
    private const int PlaceholderDraws = 5;

    /// <summary>
    /// The run committed as a batch with the run's id; with <paramref name="keepResults"/> every result is returned
    /// too (a one-page batch answers with them), else they are read from the batch in pages. <paramref name="allowing"/>
    /// is an admin applying a held run once.
    /// </summary>
    public async Task<BatchOutcome> CommitAsync(Guid tenantId, Guid runId, bool keepResults, (HeldExport Export, string Admin)? allowing, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        // Read under the lock: features and the deletion guard as they stand when the run is decided.
        var tenant = await store.TenantAsync(tenantId, ct);
        for (var attempt = 1; ; attempt++)
        {
            var run = await runs.GetExistingAsync(tenantId, runId, ct);
            if (allowing is null) run.EnsureOpen(clock.GetUtcNow(), limits);
            else if (run.Status != SyncRunStatus.HeldForReview)
            {
                // Settled meanwhile (another admin allowed or discarded it): the held export says by whom.
                if (reviews is not null) await reviews.GetAwaitingAsync(tenantId, allowing.Value.Export.Id, ct);
                throw new DomainException("RunNotHeld", $"Sync run {run.Id} is not held for review.", RefusalKind.Conflict);
            }
            using var trace = RunTrace(run);
            progress?.Start(tenant.Id, run.Id, run.ObjectCount);
            try
            {
                return await CommitOnceAsync(tenant, run, keepResults, allowing, started, ct);
            }
            // Another writer (another host, a page of this run) got there first: read the run and decide again on what is there now.
            catch (ConcurrentChangeException e) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {TenantId}: run {RunId} lost a race to another writer ({Reason}); committing it again", tenantId, runId, e.Message);
            }
            finally
            {
                progress?.End(run.Id);
            }
        }
    }

    private async Task<BatchOutcome> CommitOnceAsync(Tenants.Tenant tenant, SyncRun run, bool keepResults, (HeldExport Export, string Admin)? allowing,
        long started, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var batch = new SyncBatchRecord(run.Id, tenant.Id, run.Mode, now, run.Client, run.ObjectCount, OutcomeCounts.None);
        var tally = new Tally(keepResults);
        // The last changes of the commit (reviews settled, audit); a held run carries its superseding decisions instead.
        var last = new DirectoryChanges();
        DeletionGuardVerdict guard;
        var committed = true;
        // Disposed without its commit, the transaction keeps nothing: a refused run leaves the directory as it was.
        await using (var commit = await runs.BeginCommitAsync(tenant.Id, ct))
        {
            var (tenantObjects, synced) = await commit.CountsAsync(ct);
            await commit.ClaimAsync(run, batch, ct);
            await WriteChunksAsync(commit, tenant, run, now, tenantObjects, tally, ct);
            // A full run deletes the synced objects no page named. With none synced before it (a first sync) there is
            // nothing to look for: the search would visit every object the run just wrote (ten million, on SQLite).
            for (string? after = null; run.Mode == SyncMode.Full && synced > 0;)
            {
                var changes = new DirectoryChanges();
                using (SyncTelemetry.Traces.StartActivity("sync.plan"))
                {
                    var missing = await commit.MissingAsync(run.Id, after, limits.CommitChunkObjects, ct);
                    if (missing.Count == 0) break;
                    after = missing[^1].Key;
                    SyncEngine.DeleteMissing(missing, changes);
                }
                await WriteAsync(commit, changes, run.Id, tally, ct);
            }
            guard = SyncEngine.Guard(tenant, tally.Counts.Deleted, synced);
            batch = batch with { Counts = tally.Counts };

            IReadOnlyList<HeldExport> kept = reviews is null ? [] : await reviews.AwaitingAsync(tenant.Id, run.Client, ct);
            if (allowing is var (export, admin))
            {
                // Not among those awaiting review any more: settled meanwhile, and the reload says by whom.
                var held = kept.FirstOrDefault(h => h.Id == export.Id) ?? await reviews!.GetAwaitingAsync(tenant.Id, export.Id, ct);
                last.ReviewDecisions.Add(held.Settle(HeldExportStatus.Allowed, admin, now, run.Id));
                last.AuditEvents.Add(AuditEvent.Create(tenant.Id, admin, "deletionReview.allow", $"heldExport/{held.Id}",
                    new { status = held.Status.ToString() }, new { status = nameof(HeldExportStatus.Allowed), held.Client, batchId = run.Id, deleted = batch.Counts.Deleted }, now));
            }
            else
            {
                // A newer export from the same client: what the client sends now replaces what it sent before.
                last.ReviewDecisions.AddRange(kept.Select(h => h.Settle(HeldExportStatus.Superseded, run.Client, now)));
            }
            if (guard.Blocks && allowing is null) committed = false;
            else
                using (SyncTelemetry.Traces.StartActivity("sync.write"))
                {
                    await commit.FinishAsync(run.Settled(SyncRunStatus.Committed, now), batch, last, ct);
                    await commit.CommitAsync(ct);
                }
        }
        if (committed)
        {
            feed?.Publish(new DirectoryChange(tenant.Id, ChangeKind.SyncBatch));
            telemetry?.Applied(run.Mode, batch.Counts, tally.Quarantined, clock.GetElapsedTime(started));
            logger.LogInformation("Tenant {TenantId}: {Mode} run {RunId} from {Client} committed, {Objects} objects in {Pages} pages: {Counts}",
                tenant.Id, run.Mode, run.Id, run.Client, run.ObjectCount, run.Pages, batch.Counts);
            // The staged pages go after the commit, not in it (a run of millions would make the one transaction that must be
            // whole larger by all of them: on SQLite, a 10,000,000-object commit's log by some 6 GB); after the answer where
            // the host removes them, else before it.
            if (removal is not null) removal.Leave(run.Id);
            else await runs.RemoveCommittedStagedAsync(run.Id, logger, ct);
            return new BatchOutcome(batch, tally.Results ?? []);
        }
        var refusal = await HoldAsync(tenant.Id, run, tally.Deletions, guard, last.ReviewDecisions, now, ct);
        telemetry?.Held(run.Mode, clock.GetElapsedTime(started));
        throw refusal;
    }

    /// <summary>
    /// The run's staged objects decided and written a chunk at a time, each decided against what the store holds now,
    /// earlier chunks included. Claimed, the run's pages stay as they are: each chunk is read and validated again on the
    /// other core while the one before is decided and written. And each chunk is decided on the other core while the one
    /// before it is written: its index takes that chunk's objects as they will be written (<see cref="DirectoryIndex.AsWritten"/>)
    /// and the store's for the rest, loaded before that write begins — every object still sees the ones before it. Three
    /// chunks in memory, not one.
    /// </summary>
    private async Task WriteChunksAsync(IRunCommit commit, Tenants.Tenant tenant, SyncRun run, DateTimeOffset now, int tenantObjects, Tally tally,
        CancellationToken ct)
    {
        var next = ReadChunkAsync(run.Id, -1, ct);
        // Decided, not yet written.
        DirectoryChanges? decided = null;
        Task<DirectoryChanges>? deciding = null;
        try
        {
            for (;;)
            {
                (int Last, List<ExportedObject> Objects) chunk;
                // What the commit waited for its chunk, read ahead.
                using (SyncTelemetry.Traces.StartActivity("sync.read")) chunk = await next;
                if (chunk.Objects.Count == 0) break;
                next = ReadChunkAsync(run.Id, chunk.Last, ct);
                var index = DirectoryIndex.AsWritten(decided);
                var keys = SyncService.KeysOf(chunk.Objects, tenant.InitialDomain);
                using (SyncTelemetry.Traces.StartActivity("sync.load")) await commit.LoadIntoAsync(index, keys, tenantObjects, ct);
                deciding = Task.Run(() => Decide(tenant, index, chunk.Objects, run.Id, now), ct);
                if (decided is not null) await WriteChunkAsync(commit, tenant, run, decided, tally, ct);
                decided = await deciding;
                deciding = null;
                decided = await WithFreePlaceholdersAsync(commit, tenant, run.Id, chunk.Objects, keys, index, decided, now, tenantObjects, ct);
                tenantObjects += decided.Added.Count();
            }
            if (decided is not null) await WriteChunkAsync(commit, tenant, run, decided, tally, ct);
        }
        finally
        {
            // A commit that stops early leaves the chunk read ahead, and perhaps one being decided, unused: their failures are not this commit's.
            _ = next.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            _ = deciding?.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    /// <summary>The engine's decisions for a chunk against <paramref name="index"/>, which they change as they go.</summary>
    private DirectoryChanges Decide(Tenants.Tenant tenant, DirectoryIndex index, List<ExportedObject> objects, Guid runId, DateTimeOffset now)
    {
        var changes = new DirectoryChanges();
        using (SyncTelemetry.Traces.StartActivity("sync.plan")) engine.DecideObjects(tenant, index, objects, runId, now, changes);
        return changes;
    }

    /// <summary>
    /// A quarantined UPN's placeholder takes four random digits the index says are free; but the index holds only the
    /// objects the chunk's keys name, and a placeholder an earlier chunk or batch gave to another object is not among
    /// them. Drawn again, it would be refused by the write's unique index and the whole run committed again (at
    /// 10,000,000 objects, an hour each time, with as many placeholders drawn again). So the chunk's placeholders are
    /// looked up in the store — the chunks before it are written by now — and where one is held by an object the chunk
    /// did not see, the chunk is decided again with that holder loaded.
    /// </summary>
    private async Task<DirectoryChanges> WithFreePlaceholdersAsync(IRunCommit commit, Tenants.Tenant tenant, Guid runId, List<ExportedObject> objects,
        BatchKeys keys, DirectoryIndex index, DirectoryChanges decided, DateTimeOffset now, int tenantObjects, CancellationToken ct)
    {
        var holders = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; attempt <= PlaceholderDraws; attempt++)
        {
            var placeholders = decided.Added.Concat(decided.Modified).Where(o => o.HeldPlaceholder is not null).ToDictionary(o => o.HeldPlaceholder!, o => o.Id);
            if (placeholders.Count == 0) return decided;
            var taken = (await commit.UpnHoldersAsync(placeholders.Keys, ct)).Where(h => h.Id != placeholders[h.Upn] && index.Find(h.Id) is null).ToList();
            if (taken.Count == 0) return decided;
            logger.LogInformation("Tenant {TenantId}: run {RunId} drew {Count} placeholder UPNs other objects hold ({Placeholders}); the chunk is decided again",
                tenant.Id, runId, taken.Count, string.Join(", ", taken.Select(t => t.Upn)));
            holders.UnionWith(taken.Select(t => t.Upn));
            index = DirectoryIndex.AsWritten(null);
            await commit.LoadIntoAsync(index, keys with { NormalizedUpns = keys.NormalizedUpns.Union(holders, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal) },
                tenantObjects, ct);
            decided = Decide(tenant, index, objects, runId, now);
        }
        // Still drawing taken ones: the write's unique index refuses the chunk, and the run is committed again.
        return decided;
    }

    private async Task WriteChunkAsync(IRunCommit commit, Tenants.Tenant tenant, SyncRun run, DirectoryChanges changes, Tally tally, CancellationToken ct)
    {
        var before = tally.Written;
        await WriteAsync(commit, changes, run.Id, tally, ct);
        // A run of many chunks may commit for an hour (10,000,000 objects on SQLite): the operator reads its progress in
        // the log at each tenth (every chunk at Debug), and the batches page shows it on every instance (CommitProgress).
        progress?.Wrote(run.Id, tally.Written);
        var tenth = Math.Max(limits.CommitChunkObjects, run.ObjectCount / 10);
        var newTenth = run.ObjectCount > limits.CommitChunkObjects && tally.Written / tenth > before / tenth;
        logger.Log(newTenth ? LogLevel.Information : LogLevel.Debug, "Tenant {TenantId}: run {RunId}, {Done} of {Objects} objects decided and written, not yet committed",
            tenant.Id, run.Id, tally.Written, run.ObjectCount);
    }

    /// <summary>The run's next chunk after <paramref name="after"/>, read and validated again off the commit's thread; its last sequence with it.</summary>
    private Task<(int Last, List<ExportedObject> Objects)> ReadChunkAsync(Guid runId, int after, CancellationToken ct) => Task.Run(async () =>
    {
        var staged = await runs.ReadStagedAsync(runId, after, limits.CommitChunkObjects, ct);
        return (staged.Count == 0 ? after : staged[^1].Sequence, staged.Select(Revalidated).ToList());
    }, ct);

    /// <summary>
    /// Staged objects passed validation when their page arrived; the same rules make the engine's objects now. One that
    /// no longer passes (the rules changed with an upgrade while the run was open) refuses the commit, naming it.
    /// </summary>
    private static ExportedObject Revalidated(StagedObject staged) =>
        BatchValidator.Check(staged.Object, staged.Sequence, out var problems)
        ?? throw new DomainException("StagedObjectInvalid", $"Object {staged.Sequence} of the run ('{Directory.AttributeRules.Shorten(staged.Object.SourceAnchor ?? "")}') " +
            $"no longer passes validation: {string.Join(" ", problems.SelectMany(p => p.Value))} Nothing was applied; abandon the run and send the export again.",
            RefusalKind.Conflict);

    private static async Task WriteAsync(IRunCommit commit, DirectoryChanges changes, Guid batchId, Tally tally, CancellationToken ct)
    {
        using (SyncTelemetry.Traces.StartActivity("sync.write")) await commit.WriteAsync(changes, batchId, tally.Written, ct);
        tally.Add(changes);
    }

    /// <summary>Keeps the run for review, instead of the batch, and answers the refusal that names it.</summary>
    private async Task<DeletionThresholdExceededException> HoldAsync(Guid tenantId, SyncRun run, List<ObjectResult> deleted, DeletionGuardVerdict guard,
        IReadOnlyList<HeldExportDecision> superseding, DateTimeOffset now, CancellationToken ct)
    {
        if (reviews is null) return new DeletionThresholdExceededException(guard.Deletes, guard.Prevention);
        var names = (await store.LoadObjectsAsync(tenantId, deleted.Select(r => r.ObjectId!.Value).ToList(), ct)).ToDictionary(o => o.Id, o => o.DisplayName);
        var deletions = deleted.Select(r => new HeldDeletion(r.ObjectId!.Value, names.GetValueOrDefault(r.ObjectId.Value, r.SourceAnchor), r.ObjectType, r.SourceAnchor)).ToList();
        var export = new HeldExport(Guid.CreateVersion7(), tenantId, run.Client, now, run.Mode, run.ObjectCount, guard.Deletes, guard.SyncedObjects,
            HeldExportStatus.AwaitingReview, 0, RunId: run.Id);
        var hold = new DirectoryChanges { Held = new NewHeldExport(export, deletions) };
        hold.ReviewDecisions.AddRange(superseding);
        hold.AuditEvents.Add(AuditEvent.Create(tenantId, run.Client, "deletionReview.hold", $"heldExport/{export.Id}", null,
            new { export.Mode, export.ObjectCount, export.Deletes, export.SyncedObjects, threshold = guard.Prevention.AlertThreshold, type = guard.Prevention.Type.ToString() }, now));
        await runs.SettleAsync(run, run.Settled(SyncRunStatus.HeldForReview, now), hold, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncBatch));
        logger.LogWarning("Tenant {TenantId}: {Mode} run {RunId} from {Client} would delete {Deletes} of {Synced} synced objects, over the threshold; kept for review as {Export}",
            tenantId, run.Mode, run.Id, run.Client, guard.Deletes, guard.SyncedObjects, export.Id);
        return new DeletionThresholdExceededException(guard.Deletes, guard.Prevention, export.Id);
    }

    private static System.Diagnostics.Activity? RunTrace(SyncRun run)
    {
        var activity = SyncTelemetry.Traces.StartActivity("sync.batch");
        activity?.SetTag("adminportal.tenant.id", run.TenantId);
        activity?.SetTag("adminportal.batch.id", run.Id);
        activity?.SetTag("adminportal.batch.mode", run.Mode.ToString());
        activity?.SetTag("adminportal.batch.objects", run.ObjectCount);
        activity?.SetTag("adminportal.batch.pages", run.Pages);
        return activity;
    }

    /// <summary>What a commit adds up over its chunks: counts, quarantines, the deletions (for a hold), the results when kept.</summary>
    private sealed class Tally(bool keepResults)
    {
        public OutcomeCounts Counts { get; private set; } = OutcomeCounts.None;
        public int Written { get; private set; }
        public Dictionary<string, int> Quarantined { get; } = [];
        public List<ObjectResult> Deletions { get; } = [];
        public List<ObjectResult>? Results { get; } = keepResults ? [] : null;

        public void Add(DirectoryChanges changes)
        {
            Counts = Counts.Plus(changes.Results);
            Written += changes.Results.Count;
            foreach (var r in changes.Results)
            {
                if (r.Outcome == ObjectOutcome.Deleted && r.ObjectId is not null) Deletions.Add(r);
                foreach (var q in r.Quarantined) Quarantined[q.PropertyCausingError] = Quarantined.GetValueOrDefault(q.PropertyCausingError) + 1;
            }
            Results?.AddRange(changes.Results);
        }
    }
}
