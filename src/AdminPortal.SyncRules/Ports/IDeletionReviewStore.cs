using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Ports;

/// <summary>The deletion review's store: exports kept for review, and what each would delete. Implemented by AdminPortal.Data.</summary>
public interface IDeletionReviewStore
{
    /// <summary>The exports awaiting review for a tenant; only those from <paramref name="client"/> when given.</summary>
    Task<IReadOnlyList<HeldExport>> AwaitingAsync(Guid tenantId, string? client, CancellationToken ct);
    /// <summary>The latest held exports of a tenant, newest first, whatever became of them.</summary>
    Task<IReadOnlyList<HeldExport>> ListAsync(Guid tenantId, int take, CancellationToken ct);
    Task<HeldExport?> GetAsync(Guid tenantId, Guid id, CancellationToken ct);
    /// <summary>An export held before sync runs existed, exactly as it was received (null for one held as a run).</summary>
    Task<SyncBatchRequest?> LegacyRequestAsync(Guid id, CancellationToken ct);
}
