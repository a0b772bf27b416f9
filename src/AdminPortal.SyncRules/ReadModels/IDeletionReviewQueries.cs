using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Conflicts;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>The objects a held export would delete, searchable and keyset-paged. Implemented by AdminPortal.Data.</summary>
public interface IDeletionReviewQueries
{
    Task<KeysetPage<HeldDeletion>> DeletionsAsync(Guid tenantId, Guid heldExportId, string? search, int top, Guid? after, CancellationToken ct);
}
