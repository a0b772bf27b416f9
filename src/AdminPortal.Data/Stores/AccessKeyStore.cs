using AdminPortal.Data.Rows;
using AdminPortal.SyncRules.Access;
using AdminPortal.SyncRules.Audit;
using Microsoft.EntityFrameworkCore;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.Data.Stores;

public sealed class AccessKeyStore(PortalDbContextFactory factory) : IAccessKeyStore
{
    public async Task AddAsync(AccessKey key, AuditEvent audit, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        db.AccessKeys.Add(new AccessKeyRow
        {
            Id = key.Id, Name = key.Name, Prefix = key.Prefix, Hash = key.Hash, Role = key.Role, TenantId = key.TenantId,
            CreatedBy = key.CreatedBy, CreatedDateTime = key.CreatedDateTime,
        });
        db.AuditEvents.Add(RowMapper.ToRow(audit));
        await DatabaseErrors.StoredAsync(() => db.SaveChangesAsync(ct));
    }

    public async Task<IReadOnlyList<AccessKey>> ListAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return (await db.AccessKeys.OrderByDescending(k => k.Id).ToListAsync(ct)).Select(ToKey).ToList();
    }

    public async Task<AccessKey?> FindByHashAsync(string hash, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.AccessKeys.Where(k => k.Hash == hash).Select(k => ToKey(k)).FirstOrDefaultAsync(ct);
    }

    public async Task<AccessKey?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.AccessKeys.Where(k => k.Id == id).Select(k => ToKey(k)).FirstOrDefaultAsync(ct);
    }

    public async Task RevokeAsync(Guid id, string actor, DateTimeOffset when, AuditEvent audit, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.AccessKeys.AsTracking().FirstAsync(k => k.Id == id, ct);
        row.RevokedBy = actor;
        row.RevokedDateTime = when;
        db.AuditEvents.Add(RowMapper.ToRow(audit));
        await DatabaseErrors.StoredAsync(() => db.SaveChangesAsync(ct));
    }

    public async Task TouchAsync(Guid id, DateTimeOffset when, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        await db.AccessKeys.Where(k => k.Id == id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedDateTime, when), ct);
    }

    private static AccessKey ToKey(AccessKeyRow k) => new(k.Id, k.Name, k.Prefix, k.Hash, k.Role, k.TenantId, k.CreatedBy, k.CreatedDateTime,
        k.RevokedBy, k.RevokedDateTime, k.LastUsedDateTime);
}
