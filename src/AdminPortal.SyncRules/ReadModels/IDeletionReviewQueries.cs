using AdminPortal.SyncRules.Reviews;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>The objects a held export would delete, searchable and keyset-paged. Implemented by AdminPortal.Data.</summary>
public interface IDeletionReviewQueries
{
    Task<KeysetPage<HeldDeletion>> DeletionsAsync(Guid tenantId, Guid heldExportId, string? search, int top, Guid? after, CancellationToken ct);
}
