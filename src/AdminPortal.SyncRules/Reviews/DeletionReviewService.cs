using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Sync;
using Microsoft.Extensions.Logging;

namespace AdminPortal.SyncRules.Reviews;

/// <summary>
/// Deletion review: an admin allows a held export once — applied exactly as it was received, in one transaction with
/// its settling and audit — or discards it. A newer export from the same client supersedes it (SyncService).
/// </summary>
public sealed class DeletionReviewService(IDeletionReviewStore reviews, ISyncStore store, SyncRunService runs, ITenantLocks locks, TimeProvider clock,
    ILogger<DeletionReviewService> logger, IChangeFeed? feed = null)
{
    public Task<IReadOnlyList<HeldExport>> ListAsync(Guid tenantId, CancellationToken ct) => reviews.ListAsync(tenantId, 50, ct);

    public Task<IReadOnlyList<HeldExport>> AwaitingAsync(Guid tenantId, CancellationToken ct) => reviews.AwaitingAsync(tenantId, null, ct);

    public Task<HeldExport> GetAsync(Guid tenantId, Guid id, CancellationToken ct) => reviews.GetExistingAsync(tenantId, id, ct);

    /// <summary>Applies the held export once, its deletions included, and settles it as allowed.</summary>
    public async Task<BatchOutcome> AllowAsync(Guid tenantId, Guid id, string actor, CancellationToken ct)
    {
        var held = await reviews.GetAwaitingAsync(tenantId, id, ct);
        // An export held before sync runs existed was kept as its JSON instead of a run.
        var legacy = held.RunId is null
            ? await reviews.LegacyRequestAsync(held.Id, ct) ?? throw new InvalidOperationException($"Held export {held.Id} has neither a run nor a request.")
            : null;
        var outcome = await runs.CommitHeldAsync(held, legacy, actor, ct);
        logger.LogWarning("Tenant {TenantId}: {Actor} allowed held export {Export} once; batch {BatchId} applied with {Deleted} deletions",
            tenantId, actor, id, outcome.Batch.Id, outcome.Batch.Counts.Deleted);
        return outcome;
    }

    public async Task DiscardAsync(Guid tenantId, Guid id, string actor, CancellationToken ct)
    {
        await using var _ = await locks.AcquireAsync(tenantId, ct);
        var held = await reviews.GetAwaitingAsync(tenantId, id, ct);
        var now = clock.GetUtcNow();
        var changes = new DirectoryChanges();
        changes.ReviewDecisions.Add(held.Settle(HeldExportStatus.Discarded, actor, now));
        changes.AuditEvents.Add(AuditEvent.Create(tenantId, actor, "deletionReview.discard", $"heldExport/{id}",
            new { status = held.Status.ToString() }, new { status = nameof(HeldExportStatus.Discarded), held.Client, held.Deletes }, now));
        await store.SaveAsync(tenantId, changes, ct);
        feed?.Publish(new DirectoryChange(tenantId, ChangeKind.SyncBatch));
        logger.LogInformation("Tenant {TenantId}: {Actor} discarded held export {Export} from {Client}", tenantId, actor, id, held.Client);
    }
}
