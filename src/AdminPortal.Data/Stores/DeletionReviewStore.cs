using System.Text.Json;
using AdminPortal.SyncRules.Reviews;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.Data.Stores;

public sealed class DeletionReviewStore(PortalDbContextFactory factory) : IDeletionReviewStore
{
    public async Task<IReadOnlyList<HeldExport>> AwaitingAsync(Guid tenantId, string? client, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var rows = db.HeldExports.Where(h => h.TenantId == tenantId && h.Status == (int)HeldExportStatus.AwaitingReview);
        if (client is not null) rows = rows.Where(h => h.Client == client);
        return (await rows.OrderByDescending(h => h.Id).ToListAsync(ct)).Select(RowMapper.ToHeldExport).ToList();
    }

    public async Task<IReadOnlyList<HeldExport>> ListAsync(Guid tenantId, int take, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return (await db.HeldExports.Where(h => h.TenantId == tenantId).OrderByDescending(h => h.Id).Take(take).ToListAsync(ct))
            .Select(RowMapper.ToHeldExport).ToList();
    }

    public async Task<HeldExport?> GetAsync(Guid tenantId, Guid id, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.HeldExports.Where(h => h.TenantId == tenantId && h.Id == id).Select(h => RowMapper.ToHeldExport(h)).FirstOrDefaultAsync(ct);
    }

    public async Task<SyncBatchRequest?> LegacyRequestAsync(Guid id, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var json = await db.HeldExports.Where(h => h.Id == id).Select(h => h.Request).FirstAsync(ct);
        return json is null ? null : JsonSerializer.Deserialize<SyncBatchRequest>(json, RowMapper.Json);
    }
}
