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
    /// <summary>The export exactly as it was received.</summary>
    Task<SyncBatchRequest> RequestAsync(Guid id, CancellationToken ct);
}
