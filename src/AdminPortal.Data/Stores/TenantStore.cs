using AdminPortal.Data.Rows;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Audit;
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

    private static IQueryable<TenantRow> WithSettings(PortalDbContext db) =>
        db.Tenants.Include(t => t.Domains).Include(t => t.Features).AsSplitQuery();

    public async Task AddTenantAsync(Tenant tenant, AuditEvent created, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        if (await db.Tenants.AnyAsync(t => t.InitialDomain == tenant.InitialDomain, ct))
            throw new DomainException("DuplicateTenant", $"A tenant with initial domain '{tenant.InitialDomain}' already exists.");
        db.Tenants.Add(RowMapper.ToRow(tenant));
        db.AuditEvents.Add(ToRow(created));
        await db.SaveChangesAsync(ct);
    }

    public async Task SaveTenantSettingsAsync(Tenant tenant, IReadOnlyList<AuditEvent> audit, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.Tenants.AsTracking().Include(t => t.Features).FirstOrDefaultAsync(t => t.Id == tenant.Id, ct)
                  ?? throw new NotFoundException($"Tenant {tenant.Id}");
        row.DeletionPreventionType = (int)tenant.DeletionPrevention.Type;
        row.DeletionThreshold = tenant.DeletionPrevention.AlertThreshold;
        foreach (var state in tenant.Features.States)
        {
            var stored = row.Features.FirstOrDefault(f => f.Feature == (int)state.Feature);
            if (stored is null) row.Features.Add(RowMapper.ToRow(tenant.Id, state));
            else { stored.Enabled = state.Enabled; stored.ChangedBy = state.ChangedBy; stored.ChangedAt = state.ChangedAt; }
        }
        db.AuditEvents.AddRange(audit.Select(ToRow));
        await db.SaveChangesAsync(ct);
    }

    internal static AuditEventRow ToRow(AuditEvent a) => new()
    {
        Id = a.Id, TenantId = a.TenantId, Actor = a.Actor, Action = a.Action, Target = a.Target, Before = a.Before, After = a.After,
        OccurredDateTime = a.OccurredDateTime,
    };
}
