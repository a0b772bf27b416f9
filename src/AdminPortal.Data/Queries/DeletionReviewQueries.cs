using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Reviews;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

/// <summary>The objects a held export would delete, for the admin reviewing it: searchable, paged by key.</summary>
public sealed class DeletionReviewQueries(PortalDbContextFactory factory) : IDeletionReviewQueries
{
    public async Task<KeysetPage<HeldDeletion>> DeletionsAsync(Guid tenantId, Guid heldExportId, string? search, int top, Guid? after, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = db.HeldDeletions.Where(d => d.HeldExportId == heldExportId && db.HeldExports.Any(h => h.Id == heldExportId && h.TenantId == tenantId));
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            query = query.Where(d => d.DisplayName.StartsWith(s) || d.SourceAnchor.StartsWith(s));
        }
        if (after is { } key) query = query.Where(d => d.ObjectId.CompareTo(key) > 0);
        var rows = await query.OrderBy(d => d.ObjectId).Take(top + 1).ToListAsync(ct);
        var items = rows.Take(top).Select(d => new HeldDeletion(d.ObjectId, d.DisplayName, (ObjectType)d.ObjectType, d.SourceAnchor)).ToList();
        return new KeysetPage<HeldDeletion>(items, rows.Count > top ? items[^1].ObjectId : null);
    }
}
