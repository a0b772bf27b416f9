using AdminPortal.SyncRules.Audit;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

/// <summary>The audit log, newest first, filtered by actor, action and date; keyset-paged.</summary>
public sealed class AuditQueries(PortalDbContextFactory factory) : IAuditQueries
{
    public async Task<KeysetPage<AuditEvent>> ListAsync(Guid tenantId, AuditFilter filter, int top, Guid? before, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        var query = db.AuditEvents.Where(a => a.TenantId == tenantId);
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.Where(a => a.Actor == filter.Actor.Trim());
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(a => a.Action.StartsWith(filter.Action.Trim()));
        if (filter.From is { } from) query = query.Where(a => a.OccurredDateTime >= from);
        if (filter.To is { } to) query = query.Where(a => a.OccurredDateTime < to);
        // Ids are time-ordered (version 7), so "before this id" is "older than this event".
        if (before is { } key) query = query.Where(a => a.Id.CompareTo(key) < 0);
        var rows = await query.OrderByDescending(a => a.Id).Take(top + 1).ToListAsync(ct);
        var page = rows.Take(top).Select(a => new AuditEvent(a.Id, a.TenantId, a.Actor, a.Action, a.Target, a.Before, a.After, a.OccurredDateTime)).ToList();
        return new KeysetPage<AuditEvent>(page, rows.Count > top ? page[^1].Id : null);
    }
}
