using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Telemetry;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Sync;

/// <summary>
/// The sync API's one operation: validate a batch, decide it with the engine, store it atomically. A batch over the
/// accidental-deletion threshold is refused and kept for review; a newer export from the same client supersedes a kept one.
/// </summary>
public sealed class SyncService(ISyncStore store, SyncEngine engine, ITenantLocks locks, TimeProvider clock, ILogger<SyncService> logger,
    IDeletionReviewStore? reviews = null, IChangeFeed? feed = null, SyncTelemetry? telemetry = null)
{
    private const int Attempts = 3;

    public Task<BatchOutcome> ApplyBatchAsync(Guid tenantId, SyncBatchRequest request, string actor, CancellationToken ct)
    {
        var batch = BatchValidator.Validate(request);
        // Only the validated copy is used from here on; let a million raw request objects go before the big plan is built.
        request = null!;
        return ApplyAsync(tenantId, batch, actor, null, ct);
    }

    /// <summary>
    /// A held export applied once because an admin allowed it: as it was received, from its sync client, its deletions
    /// included; settled as allowed and audited in the same transaction, so it is applied whole exactly once or not at all.
    /// </summary>
    internal async Task<BatchOutcome> ApplyHeldAsync(HeldExport held, SyncBatchRequest request, string admin, CancellationToken ct) =>
        await ApplyAsync(held.TenantId, BatchValidator.Validate(request), held.Client, (held, admin), ct);

    private async Task<BatchOutcome> ApplyAsync(Guid tenantId, ValidatedBatch batch, string actor, (HeldExport Export, string Admin)? allowing, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        var batchId = Guid.CreateVersion7();
        using var trace = BatchTrace(tenantId, batchId, batch);
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        for (var attempt = 1; ; attempt++)
        {
            DirectoryChanges changes;
            var now = clock.GetUtcNow();
            using (SyncTelemetry.Traces.StartActivity("sync.plan"))
            {
                // The key sets are built per attempt and dropped after the load: at a million objects they weigh hundreds of MB.
                var index = await store.LoadForBatchAsync(tenantId, KeysOf(batch, tenant.InitialDomain), batch.Mode == SyncMode.Full, ct);
                changes = engine.Decide(tenant, index, batch, batchId, actor, now);
            }
            IReadOnlyList<HeldExport> kept = reviews is null ? [] : await reviews.AwaitingAsync(tenantId, actor, ct);
            try
            {
                if (allowing is var (export, admin))
                {
                    // Not among those awaiting review any more: settled meanwhile, and the reload says by whom.
                    var held = kept.FirstOrDefault(h => h.Id == export.Id) ?? await reviews!.GetAwaitingAsync(tenantId, export.Id, ct);
                    changes.ReviewDecisions.Add(held.Settle(HeldExportStatus.Allowed, admin, now, batchId));
                    changes.AuditEvents.Add(AuditEvent.Create(tenantId, admin, "deletionReview.allow", $"heldExport/{held.Id}",
                        new { status = held.Status.ToString() }, new { status = nameof(HeldExportStatus.Allowed), held.Client, batchId, deleted = changes.Deleted.Count }, now));
                }
                else
                {
                    // A newer export from the same client: what the client sends now replaces what it sent before.
                    changes.ReviewDecisions.AddRange(kept.Select(h => h.Settle(HeldExportStatus.Superseded, actor, now)));
                    if (changes.DeletionGuard is { Blocks: true } guard)
                    {
                        var refusal = await HoldAsync(tenant.Id, batch, changes, guard, actor, now, ct);
                        telemetry?.Held(batch.Mode, clock.GetElapsedTime(started));
                        throw refusal;
                    }
                }
                using (SyncTelemetry.Traces.StartActivity("sync.write")) await store.SaveAsync(tenantId, changes, ct);
                feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncBatch));
                var b = changes.Batch!;
                telemetry?.Applied(b.Mode, changes.Results, clock.GetElapsedTime(started));
                logger.LogInformation("Tenant {TenantId}: {Mode} batch {BatchId} from {Actor} applied, {Objects} objects: {Counts}",
                    tenantId, b.Mode, b.Id, actor, b.ObjectCount, b.Counts);
                return new BatchOutcome(b, changes.Results);
            }
            // Another process wrote the same values or objects first: decide again on what is there now.
            catch (ConcurrentChangeException e) when (attempt < Attempts)
            {
                logger.LogInformation("Tenant {TenantId}: batch {BatchId} lost a race to another writer ({Reason}); deciding it again", tenantId, batchId, e.Message);
            }
        }
    }

    /// <summary>The span of one batch: its plan and write are inside it; the tenant and counts are on it.</summary>
    private static System.Diagnostics.Activity? BatchTrace(Guid tenantId, Guid batchId, ValidatedBatch batch)
    {
        var activity = SyncTelemetry.Traces.StartActivity("sync.batch");
        activity?.SetTag("adminportal.tenant.id", tenantId);
        activity?.SetTag("adminportal.batch.id", batchId);
        activity?.SetTag("adminportal.batch.mode", batch.Mode.ToString());
        activity?.SetTag("adminportal.batch.objects", batch.Objects.Count);
        return activity;
    }

    /// <summary>Keeps the refused export for review, instead of the batch, and answers the refusal that names it.</summary>
    private async Task<DeletionThresholdExceededException> HoldAsync(Guid tenantId, ValidatedBatch batch, DirectoryChanges decided, DeletionGuardVerdict guard,
        string client, DateTimeOffset now, CancellationToken ct)
    {
        if (reviews is null) return new DeletionThresholdExceededException(guard.Deletes, guard.Prevention);
        var deletedIds = decided.Results.Where(r => r.Outcome == ObjectOutcome.Deleted && r.ObjectId is not null).ToDictionary(r => r.ObjectId!.Value);
        var names = (await store.LoadObjectsAsync(tenantId, deletedIds.Keys.ToList(), ct)).ToDictionary(o => o.Id, o => o.DisplayName);
        var deletions = deletedIds.Values.Select(r => new HeldDeletion(r.ObjectId!.Value, names.GetValueOrDefault(r.ObjectId.Value, r.SourceAnchor), r.ObjectType, r.SourceAnchor)).ToList();
        var export = new HeldExport(Guid.CreateVersion7(), tenantId, client, now, batch.Mode, batch.Objects.Count, guard.Deletes, guard.SyncedObjects,
            HeldExportStatus.AwaitingReview, 0);
        var hold = new DirectoryChanges { Held = new NewHeldExport(export, batch.ToRequest(), deletions) };
        hold.ReviewDecisions.AddRange(decided.ReviewDecisions);
        hold.AuditEvents.Add(AuditEvent.Create(tenantId, client, "deletionReview.hold", $"heldExport/{export.Id}", null,
            new { export.Mode, export.ObjectCount, export.Deletes, export.SyncedObjects, threshold = guard.Prevention.AlertThreshold, type = guard.Prevention.Type.ToString() }, now));
        await store.SaveAsync(tenantId, hold, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncBatch));
        logger.LogWarning("Tenant {TenantId}: {Mode} batch from {Client} would delete {Deletes} of {Synced} synced objects, over the threshold; kept for review as {Export}",
            tenantId, batch.Mode, client, guard.Deletes, guard.SyncedObjects, export.Id);
        return new DeletionThresholdExceededException(guard.Deletes, guard.Prevention, export.Id);
    }

    /// <summary>
    /// The whole engine run against the current state, and nothing written: per-object outcomes, matching decisions,
    /// quarantines, failures, deletions and the deletion guard's verdict, as the real batch would have them now.
    /// </summary>
    public Task<DryRunOutcome> DryRunAsync(Guid tenantId, SyncBatchRequest request, string actor, CancellationToken ct) =>
        DryRunAsync(tenantId, BatchValidator.Validate(request), actor, ct);

    /// <summary>The dry run of a batch its caller validated object by object (<see cref="BatchValidator.Check"/>).</summary>
    public async Task<DryRunOutcome> DryRunAsync(Guid tenantId, ValidatedBatch batch, string actor, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var tenant = await store.FindTenantAsync(tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        var index = await store.LoadForBatchAsync(tenantId, KeysOf(batch, tenant.InitialDomain), batch.Mode == SyncMode.Full, ct);
        var changes = engine.Decide(tenant, index, batch, Guid.CreateVersion7(), actor, clock.GetUtcNow());
        telemetry?.DryRun(batch.Mode, clock.GetElapsedTime(started));
        logger.LogInformation("Tenant {TenantId}: dry run of a {Mode} batch from {Actor}, {Objects} objects: {Counts}; nothing written",
            tenantId, batch.Mode, actor, batch.Objects.Count, changes.Batch!.Counts);
        var upns = changes.Added.Concat(changes.Modified).Where(o => o.UserPrincipalName is not null).ToDictionary(o => o.Id, o => o.UserPrincipalName!);
        return new DryRunOutcome(changes.Batch!, changes.Results, changes.MatchRecords, changes.DeletionGuard!, upns);
    }

    /// <summary>Every value the batch could look up, including the MOERA a user would fall back to.</summary>
    internal static BatchKeys KeysOf(ValidatedBatch batch, string initialDomain)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var upns = new HashSet<string>(StringComparer.Ordinal);
        var proxies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in batch.Objects)
        {
            anchors.Add(o.SourceAnchor);
            if (o.UserPrincipalName is { } upn)
            {
                upns.Add(DirectoryValue.Normalize(upn));
                var nickname = o.MailNickname ?? upn[..upn.IndexOf('@')];
                upns.Add(DirectoryValue.Normalize($"{nickname}@{initialDomain}"));
            }
            foreach (var p in o.ProxyAddresses) proxies.Add(p.Normalized);
        }
        return new BatchKeys(anchors, upns, proxies);
    }
}
