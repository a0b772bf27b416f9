using AdminPortal.Data.Rows;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Matching;
using AdminPortal.SyncRules.Uniqueness;
using AdminPortal.SyncRules.Sync;
using Microsoft.EntityFrameworkCore;

using AdminPortal.SyncRules.ReadModels;

namespace AdminPortal.Data.Queries;

public sealed class FeaturePreviewQueries(PortalDbContextFactory factory) : IFeaturePreviewQueries
{
    private const int Shown = 50;

    public async Task<FeaturePreview> PreviewAsync(Guid tenantId, DirSyncFeature feature, CancellationToken ct)
    {
        await using var db = factory.CreateQueryContext();
        return feature switch
        {
            DirSyncFeature.DuplicateUpnResiliency => await FailingAsync(db, tenantId, feature, ConflictProperty.UserPrincipalName,
                "failing today because their UPN duplicates another object's; on their next sync they are created or updated, with the UPN quarantined behind a placeholder.", ct),
            DirSyncFeature.DuplicateProxyAddressResiliency => await FailingAsync(db, tenantId, feature, ConflictProperty.ProxyAddress,
                "failing today because a proxy address duplicates another object's; on their next sync they are created or updated, with that address quarantined.", ct),
            DirSyncFeature.EnableSoftMatchOnUpn => await UpnSoftMatchesAsync(db, tenantId, ct),
            DirSyncFeature.SynchronizeUpnForManagedUsers => await BlockedUpnChangesAsync(db, tenantId, ct),
            _ => new FeaturePreview(feature, "This feature changes no stored object by itself.", 0, []),
        };
    }

    private static string Objects(int n) => Plural(n, "object");

    private static string Plural(int n, string noun) => $"{n:N0} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>Failed objects whose failure the resiliency feature would turn into a quarantine.</summary>
    private static async Task<FeaturePreview> FailingAsync(PortalDbContext db, Guid tenantId, DirSyncFeature feature, ConflictProperty property,
        string summary, CancellationToken ct)
    {
        var failures = db.SyncFailures.Unresolved().Where(f => f.TenantId == tenantId && f.Property == (int)property
            && (f.ErrorCode == SyncErrorCodes.AttributeValueMustBeUnique || f.ErrorCode == SyncErrorCodes.InvalidSoftMatch));
        var count = await failures.CountAsync(ct);
        var shown = await failures.OrderBy(f => f.DisplayName).Take(Shown).ToListAsync(ct);
        return new FeaturePreview(feature, $"{Objects(count)} {summary}", count, shown.Select(f => new PreviewItem(f.DisplayName, (ObjectType)f.ObjectType,
            f.ObjectId, f.SourceAnchor, $"{f.ErrorCode} on '{f.Value}' becomes a quarantined value")).ToList());
    }

    /// <summary>Failed on-premises users whose UPN is held by a cloud-only user that UPN soft match would bind instead.</summary>
    private static async Task<FeaturePreview> UpnSoftMatchesAsync(PortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        // The failed UPNs, normalized as the directory normalizes (DirectoryValue); the database finds who holds each, and
        // the soft-match rule itself (SoftMatch.Binds) judges the holder.
        var failures = await db.SyncFailures.Unresolved().Where(f => f.TenantId == tenantId && f.ObjectType == (int)ObjectType.User
            && f.Property == (int)ConflictProperty.UserPrincipalName && f.Value != null).ToListAsync(ct);
        var byUpn = failures.ToLookup(f => DirectoryValue.Normalize(f.Value!));
        var upns = byUpn.Select(g => g.Key).ToList();
        var holders = await db.DirectoryObjects.Include(o => o.RoleAssignments)
            .Where(o => o.TenantId == tenantId && !o.SyncEnabled && o.UpnNormalized != null && upns.Contains(o.UpnNormalized))
            .OrderBy(o => o.DisplayName).AsSplitQuery().ToListAsync(ct);
        var held = holders.SelectMany(o => byUpn[o.UpnNormalized!].Select(f => new { Failure = f, Cloud = o })).ToList();
        var pairs = held.Where(p => SoftMatch.Binds(ObjectType.User, RowMapper.ToObject(p.Cloud))).ToList();
        return new FeaturePreview(DirSyncFeature.EnableSoftMatchOnUpn,
            $"{Plural(pairs.Count, "unmatched cloud user")} would soft-match by UPN the on-premises user that fails against them today.", pairs.Count,
            pairs.Take(Shown).Select(p => new PreviewItem(p.Cloud.DisplayName, ObjectType.User, p.Cloud.Id, p.Cloud.UserPrincipalName!,
                $"binds on-premises '{p.Failure.DisplayName}' (source anchor {p.Failure.SourceAnchor}) on its next sync")).ToList());
    }

    /// <summary>
    /// Synced licensed users whose on-premises UPN differs from the cloud one, judged by the UPN update rule itself
    /// (UpnUpdateRule) as the tenant is and as it would be with the feature on: the changes the feature lets through.
    /// </summary>
    private static async Task<FeaturePreview> BlockedUpnChangesAsync(PortalDbContext db, Guid tenantId, CancellationToken ct)
    {
        // Read as the stores read a tenant (one query), mapped twice: as it is, and a copy to turn the feature on in.
        var row = await Stores.TenantStore.WithSettings(db).FirstOrDefaultAsync(t => t.Id == tenantId, ct) ?? throw new NotFoundException($"Tenant {tenantId}");
        var (tenant, enabled) = (RowMapper.ToTenant(row), RowMapper.ToTenant(row));
        enabled.Features.SetByAdmin(DirSyncFeature.SynchronizeUpnForManagedUsers, true, "preview", DateTimeOffset.UtcNow);
        var rows = await db.DirectoryObjects.Include(o => o.Licenses).Include(o => o.Quarantine)
            .Where(o => o.TenantId == tenantId && o.SyncEnabled && o.ObjectType == (int)ObjectType.User && o.Licenses.Any()
                        // Narrows in the database only (a UPN that differs at all); UpnUpdateRule decides below.
                        && o.OnPremisesUserPrincipalName != null && o.OnPremisesUserPrincipalName != o.UserPrincipalName)
            .OrderBy(o => o.DisplayName).AsSplitQuery().ToListAsync(ct);
        var affected = rows.Select(RowMapper.ToObject).Where(u =>
        {
            var now = UpnUpdateRule.Decide(tenant, u, u.OnPremisesUserPrincipalName!, u.MailNickname);
            var then = UpnUpdateRule.Decide(enabled, u, u.OnPremisesUserPrincipalName!, u.MailNickname);
            return now.Upn != then.Upn;
        }).ToList();
        return new FeaturePreview(DirSyncFeature.SynchronizeUpnForManagedUsers,
            $"{Plural(affected.Count, "licensed user")} of managed domains with a different UPN on premises. Enabling changes no UPN at once; each flows with that user's next on-premises change.",
            affected.Count, affected.Take(Shown).Select(u => new PreviewItem(u.DisplayName, ObjectType.User, u.Id, u.UserPrincipalName!,
                $"UPN becomes '{u.OnPremisesUserPrincipalName}'")).ToList());
    }
}
