using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Queries;

/// <summary>A tenant's sync health at a glance.</summary>
public sealed record TenantHealth(int OpenConflicts, IReadOnlyDictionary<(ConflictProperty, ObjectType), int> ConflictsByKind,
    int FailedObjects, IReadOnlyList<(string Code, int Count)> FailuresByCode, int SyncedObjects, int CloudOnlyObjects,
    IReadOnlyList<SyncBatchRecord> RecentBatches, IReadOnlyList<(DateOnly Day, int Count)> OpenConflictsByDay);

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
        return new TenantHealth(open, byKind, failures.Sum(f => f.Count), failures.Select(f => (f.Code, f.Count)).ToList(), synced, cloudOnly,
            recent.Items, await OpenConflictsByDayAsync(db, tenantId, ct));
    }

    /// <summary>How many of today's open conflicts were quarantined on each of the last 30 days (older ones on the first day).</summary>
    private static async Task<IReadOnlyList<(DateOnly, int)>> OpenConflictsByDayAsync(PortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var first = today.AddDays(-29);
        var times = await db.Quarantine.Where(q => q.TenantId == tenantId).Select(q => q.OccurredDateTime).ToListAsync(ct);
        var byDay = times.Select(t => DateOnly.FromDateTime(t.UtcDateTime)).Select(d => d < first ? first : d)
                         .GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
        return Enumerable.Range(0, 30).Select(i => first.AddDays(i)).Select(d => (d, byDay.GetValueOrDefault(d))).ToList();
    }
}
