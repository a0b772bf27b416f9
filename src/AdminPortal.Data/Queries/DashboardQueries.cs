using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

public sealed class DashboardQueries(PortalDbContextFactory factory, ConflictQueries conflicts, BatchQueries batches) : IDashboardQueries
{
    public async Task<TenantHealth> HealthAsync(Guid tenantId, CancellationToken ct)
    {
        var (open, byKind) = await conflicts.CountAsync(tenantId, ct);
        await using var db = factory.CreateQueryContext();
        var failures = await db.SyncFailures.Unresolved().Where(f => f.TenantId == tenantId).GroupBy(f => f.ErrorCode)
            .Select(g => new { Code = g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).ToListAsync(ct);
        var bySync = await db.DirectoryObjects.Where(o => o.TenantId == tenantId).GroupBy(o => o.SyncEnabled)
            .Select(g => new { Synced = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Synced, g => g.Count, ct);
        var (synced, cloudOnly) = (bySync.GetValueOrDefault(true), bySync.GetValueOrDefault(false));
        var recent = await batches.ListAsync(tenantId, 0, 8, ct);
        return new TenantHealth(open, byKind, failures.Sum(f => f.Count), failures.Select(f => (f.Code, f.Count)).ToList(), synced, cloudOnly,
            recent.Items, await OpenConflictsByDayAsync(db, tenantId, ct));
    }

    /// <summary>How many of today's open conflicts were quarantined on each of the last 30 days (older ones on the first day).</summary>
    private static async Task<IReadOnlyList<(DateOnly, int)>> OpenConflictsByDayAsync(PortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var first = today.AddDays(-29);
        var days = new List<(DateOnly, int)>(30);
        // One range count per day over the (TenantId, OccurredDateTime, ...) index: no conflict row is read into memory.
        // The first day also counts everything older.
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            var from = day == first ? DateTimeOffset.UnixEpoch : new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var until = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            days.Add((day, await db.Quarantine.CountAsync(q => q.TenantId == tenantId && q.OccurredDateTime >= from && q.OccurredDateTime < until, ct)));
        }
        return days;
    }
}
