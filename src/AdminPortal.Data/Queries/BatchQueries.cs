using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

/// <summary>Past sync batches and their per-object outcomes: the read side shared by the API and the portal.</summary>
public sealed class BatchQueries(PortalDbContextFactory factory) : IBatchQueries
{
    public async Task<Page<SyncBatchRecord>> ListAsync(Guid tenantId, int skip, int top, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var rows = await db.SyncBatches.Where(b => b.TenantId == tenantId)
            .OrderByDescending(b => b.ReceivedDateTime).ThenByDescending(b => b.Id)
            .Skip(skip).Take(top + 1).ToListAsync(ct);
        return new Page<SyncBatchRecord>(rows.Take(top).Select(RowMapper.ToBatch).ToList(), rows.Count > top ? skip + top : null);
    }

    public async Task<BatchDetail> GetAsync(Guid tenantId, Guid batchId, int skip, int top, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var batch = await db.SyncBatches.FirstOrDefaultAsync(b => b.Id == batchId && b.TenantId == tenantId, ct)
                    ?? throw new NotFoundException($"Batch {batchId}");
        // Keyed by sequence, so a deep page costs what the first one does.
        var rows = await db.BatchResults.Where(r => r.BatchId == batchId && r.Sequence >= skip)
            .OrderBy(r => r.Sequence).Take(top + 1).ToListAsync(ct);
        return new BatchDetail(RowMapper.ToBatch(batch),
            new Page<ObjectResult>(rows.Take(top).Select(RowMapper.ToResult).ToList(), rows.Count > top ? skip + top : null));
    }

    public async Task<IReadOnlyList<SyncRun>> OpenRunsAsync(Guid tenantId, DateTimeOffset now, SyncRunLimits limits, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var rows = await db.SyncRuns.Where(r => r.TenantId == tenantId && r.Status == (int)SyncRunStatus.Open)
            .OrderByDescending(r => r.Id).Take(100).ToListAsync(ct);
        // The cut-off is the run's own rule (SyncRun.StatusAt), not restated in SQL.
        return rows.Select(RowMapper.ToRun).Where(r => r.StatusAt(now, limits) == SyncRunStatus.Open).ToList();
    }
}
