using AdminPortal.SyncRules.Changes;
using AdminPortal.SyncRules.Audit;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.SyncRules.Tenants;

/// <summary>Creating and reading tenants.</summary>
public sealed class TenantService(ITenantStore store, TimeProvider clock, IChangeFeed? feed = null)
{
    public async Task<Tenant> CreateAsync(NewTenant request, string actor, CancellationToken ct)
    {
        var errors = request.Validate();
        if (errors.Count > 0) throw new InputValidationException(errors);
        var now = clock.GetUtcNow();
        var tenant = request.ToTenant(Guid.CreateVersion7(), now);
        await store.AddTenantAsync(tenant, AuditEvent.Create(tenant.Id, actor, "tenant.create", $"tenant/{tenant.Id}", null,
            new { tenant.DisplayName, tenant.InitialDomain, tenant.CreatedDateTime, tenant.VerifiedDomains }, now), ct);
        feed?.Publish(new DirectoryChange(tenant.Id, ChangeKind.Tenant));
        return tenant;
    }

    public Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken ct) => store.ListTenantsAsync(ct);

    public Task<Tenant> GetAsync(Guid id, CancellationToken ct) => store.TenantAsync(id, ct);
}
