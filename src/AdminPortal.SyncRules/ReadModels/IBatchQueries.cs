using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.ReadModels;

/// <summary>Sync batches and their per-object results. Implemented by AdminPortal.Data.</summary>
public interface IBatchQueries
{
    Task<Page<SyncBatchRecord>> ListAsync(Guid tenantId, int skip, int top, CancellationToken ct);
    Task<BatchDetail> GetAsync(Guid tenantId, Guid batchId, int skip, int top, CancellationToken ct);

    /// <summary>The tenant's sync runs still receiving pages as of <paramref name="now"/> (not past their time), newest first.</summary>
    Task<IReadOnlyList<SyncRun>> OpenRunsAsync(Guid tenantId, DateTimeOffset now, SyncRunLimits limits, CancellationToken ct);
}

public sealed record Page<T>(IReadOnlyList<T> Items, int? NextSkip);

public sealed record BatchDetail(SyncBatchRecord Batch, Page<ObjectResult> Results);
