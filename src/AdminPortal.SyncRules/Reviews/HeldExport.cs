using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Reviews;

public enum HeldExportStatus { AwaitingReview, Allowed, Discarded, Superseded }

/// <summary>
/// An export the accidental-deletion guard refused, kept for an admin to review instead of forgotten: allowed once
/// (applied as received), discarded, or superseded by a newer export from the same sync client.
/// </summary>
public sealed record HeldExport(
    Guid Id,
    Guid TenantId,
    string Client,
    DateTimeOffset ReceivedDateTime,
    SyncMode Mode,
    int ObjectCount,
    int Deletes,
    int SyncedObjects,
    HeldExportStatus Status,
    int Version,
    string? DecidedBy = null,
    DateTimeOffset? DecidedDateTime = null,
    Guid? AppliedBatchId = null,
    Guid? RunId = null)
{
    public bool IsAwaitingReview => Status == HeldExportStatus.AwaitingReview;

    /// <summary>Refuses a decision on an export that is no longer awaiting review, saying who or what settled it.</summary>
    public void EnsureAwaitingReview()
    {
        if (IsAwaitingReview) return;
        throw new DomainException("ReviewAlreadySettled", Status switch
        {
            HeldExportStatus.Allowed => $"This export was already allowed by {DecidedBy} and applied.",
            HeldExportStatus.Discarded => $"This export was already discarded by {DecidedBy}.",
            _ => $"A newer export from {Client} superseded this one; review that one instead.",
        }, RefusalKind.Conflict);
    }

    /// <summary>
    /// The change that settles it: only while it awaits review, and only to a settled status; checked again by the store
    /// against the version read (a second admin deciding at once loses).
    /// </summary>
    public HeldExportDecision Settle(HeldExportStatus status, string actor, DateTimeOffset when, Guid? appliedBatchId = null)
    {
        if (status == HeldExportStatus.AwaitingReview) throw new ArgumentOutOfRangeException(nameof(status), "A review is settled as allowed, discarded or superseded.");
        EnsureAwaitingReview();
        return new(Id, Version, status, actor, when, appliedBatchId, RunId);
    }
}

/// <summary>One object the held export would delete, as it was when the export was held.</summary>
public sealed record HeldDeletion(Guid ObjectId, string DisplayName, ObjectType ObjectType, string SourceAnchor);

/// <summary>A held export with the objects it would delete; the export as received stays staged in its run (<see cref="HeldExport.RunId"/>).</summary>
public sealed record NewHeldExport(HeldExport Export, IReadOnlyList<HeldDeletion> Deletions);

/// <summary>A held export settled; a run it held is committed (allowed) or abandoned with it (discarded, superseded).</summary>
public sealed record HeldExportDecision(Guid Id, int Version, HeldExportStatus Status, string Actor, DateTimeOffset When, Guid? AppliedBatchId, Guid? RunId = null);

public static class DeletionReviewStoreExtensions
{
    /// <summary>The held export of the tenant, or NotFound.</summary>
    public static async Task<HeldExport> GetExistingAsync(this IDeletionReviewStore reviews, Guid tenantId, Guid id, CancellationToken ct) =>
        await reviews.GetAsync(tenantId, id, ct) ?? throw new NotFoundException($"Held export {id}");

    /// <summary>The held export as stored now, refused when it was settled meanwhile (saying by whom).</summary>
    public static async Task<HeldExport> GetAwaitingAsync(this IDeletionReviewStore reviews, Guid tenantId, Guid id, CancellationToken ct)
    {
        var held = await reviews.GetExistingAsync(tenantId, id, ct);
        held.EnsureAwaitingReview();
        return held;
    }
}
