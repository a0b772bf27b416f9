using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Queries;

/// <summary>A tenant's sync health at a glance.</summary>
public sealed record TenantHealth(int OpenConflicts, IReadOnlyDictionary<(ConflictProperty, ObjectType), int> ConflictsByKind,
    int FailedObjects, IReadOnlyList<(string Code, int Count)> FailuresByCode, int SyncedObjects, int CloudOnlyObjects,
    IReadOnlyList<SyncBatchRecord> RecentBatches);

public sealed class DashboardQueries(PortalDbContextFactory factory, ConflictQueries conflicts, BatchQueries batches)
{
    public async Task<TenantHealth> HealthAsync(Guid tenantId, CancellationToken ct)
    {
        var (open, byKind) = await conflicts.CountAsync(tenantId, ct);
        await using var db = factory.CreateDbContext();
        var failures = await db.SyncFailures.Where(f => f.TenantId == tenantId).GroupBy(f => f.ErrorCode)
            .Select(g => new { Code = g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).ToListAsync(ct);
        var synced = await db.DirectoryObjects.CountAsync(o => o.TenantId == tenantId && o.SyncEnabled, ct);
        var cloudOnly = await db.DirectoryObjects.CountAsync(o => o.TenantId == tenantId && !o.SyncEnabled, ct);
        var recent = await batches.ListAsync(tenantId, 0, 8, ct);
        return new TenantHealth(open, byKind, failures.Sum(f => f.Count), failures.Select(f => (f.Code, f.Count)).ToList(), synced, cloudOnly, recent.Items);
    }
}
