using AdminPortal.Data.Rows;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Ports;
using AdminPortal.SyncRules.Tenants;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Data.Stores;

public sealed class TenantStore(PortalDbContextFactory factory) : ITenantStore
{
    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var rows = await WithSettings(db).OrderBy(t => t.DisplayName).ToListAsync(ct);
        return rows.Select(RowMapper.ToTenant).ToList();
    }

    public async Task<Tenant?> FindTenantAsync(Guid tenantId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await FindAsync(db, tenantId, ct);
    }

    /// <summary>A tenant with its domains and features: the one way both stores read a tenant.</summary>
    internal static async Task<Tenant?> FindAsync(PortalDbContext db, Guid tenantId, CancellationToken ct) =>
        await WithSettings(db).FirstOrDefaultAsync(t => t.Id == tenantId, ct) is { } row ? RowMapper.ToTenant(row) : null;

    internal static IQueryable<TenantRow> WithSettings(PortalDbContext db) =>
        db.Tenants.Include(t => t.Domains).Include(t => t.Features).AsSplitQuery();

    public async Task AddTenantAsync(Tenant tenant, AuditEvent created, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        if (await db.Tenants.AnyAsync(t => t.InitialDomain == tenant.InitialDomain, ct))
            throw new DomainException("DuplicateTenant", $"A tenant with initial domain '{tenant.InitialDomain}' already exists.", RefusalKind.Conflict);
        db.Tenants.Add(RowMapper.ToRow(tenant));
        db.AuditEvents.Add(RowMapper.ToRow(created));
        await DatabaseErrors.StoredAsync(() => db.SaveChangesAsync(ct));
    }

    public async Task SaveTenantSettingsAsync(TenantSettingsChange change, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Each write names the state it was decided on; zero rows touched means another writer changed it meanwhile.
        foreach (var (before, after) in change.Features)
        {
            var key = db.FeatureStates.Where(f => f.TenantId == change.TenantId && f.Feature == (int)after.Feature);
            var written = await key.Where(f => f.Enabled == before.Enabled).ExecuteUpdateAsync(set => set
                .SetProperty(f => f.Enabled, after.Enabled).SetProperty(f => f.ChangedBy, after.ChangedBy).SetProperty(f => f.ChangedAt, after.ChangedAt), ct);
            if (written == 1) continue;
            // A feature added to the catalogue after the tenant was stored has no row yet; two writers adding it collide on the key.
            if (await key.AnyAsync(ct)) throw Stale(change.TenantId);
            db.FeatureStates.Add(RowMapper.ToRow(change.TenantId, after));
        }
        if (change.DeletionPrevention is { Before: var was, After: var now })
        {
            var written = await db.Tenants
                .Where(t => t.Id == change.TenantId && t.DeletionPreventionType == (int)was.Type && t.DeletionThreshold == was.AlertThreshold)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.DeletionPreventionType, (int)now.Type).SetProperty(t => t.DeletionThreshold, now.AlertThreshold), ct);
            if (written == 0) throw Stale(change.TenantId);
        }
        db.AuditEvents.AddRange(change.Audit.Select(RowMapper.ToRow));
        try
        {
            await DatabaseErrors.StoredAsync(() => db.SaveChangesAsync(ct));
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            throw Stale(change.TenantId);
        }
        await DatabaseErrors.StoredAsync(() => tx.CommitAsync(ct));
    }

    private static ConcurrentChangeException Stale(Guid tenantId) =>
        new($"The settings of tenant {tenantId} were changed by somebody else meanwhile.");
}
