using Microsoft.Extensions.Logging.Abstractions;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class CloudAndFeatureServices
{
    private static CloudDirectoryService Cloud(Scenario s) => new(s.Store, new TenantLocks(), s.Clock);

    [Fact]
    public async Task A_cloud_write_that_duplicates_a_upn_or_proxy_address_is_refused_not_quarantined()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        var cloud = Cloud(s);
        var upn = await Assert.ThrowsAsync<DomainException>(() => cloud.CreateAsync(s.Tenant.Id, new(ObjectType.User, "Joe", "JOE@contoso.com"), "alice", default));
        Assert.Equal("AttributeValueMustBeUnique", upn.Code);
        await Assert.ThrowsAsync<DomainException>(() => cloud.CreateAsync(s.Tenant.Id, new(ObjectType.Group, "G", Mail: "joe@contoso.com"), "alice", default));
        Assert.Single(s.Store.Objects);
    }

    [Fact]
    public async Task A_cloud_write_checks_addresses_by_the_same_rules_as_a_sync_batch()
    {
        var s = new Scenario();
        var bad = await Assert.ThrowsAsync<InputValidationException>(() => Cloud(s).CreateAsync(s.Tenant.Id,
            new(ObjectType.User, "Joe", "joe@contoso.com", ProxyAddresses: ["SMTP:joe@contoso.com", "nocolon", "SMTP:second@contoso.com"]), "alice", default));
        Assert.Equal(["proxyAddresses[1]", "proxyAddresses[2]"], bad.Errors.Keys.Order());
        var mail = await Assert.ThrowsAsync<InputValidationException>(() => Cloud(s).CreateAsync(s.Tenant.Id,
            new(ObjectType.User, "Joe", "joe@contoso.com", Mail: "not an address"), "alice", default));
        Assert.Equal(["mail"], mail.Errors.Keys);
        Assert.Empty(s.Store.Objects);
    }

    [Fact]
    public async Task A_role_assignment_made_in_the_cloud_stops_the_user_from_being_matched()
    {
        var s = new Scenario();
        var cloud = Cloud(s);
        var user = await cloud.CreateAsync(s.Tenant.Id, new(ObjectType.User, "Boss", "boss@contoso.com", "boss@contoso.com"), "alice", default);
        await cloud.AssignRoleAsync(s.Tenant.Id, user.Id, "62e90394-69f5-4237-9190-012177145e10", "alice", default);
        Assert.Equal(SyncErrorCodes.ExistingAdminRoleConflict, s.SyncOne(Scenario.User("a1", "boss@contoso.com", "boss@contoso.com")).Errors.Single().Code);
        Assert.Contains(s.Store.Audit, a => a.Action == "roleAssignment.create" && a.Actor == "alice");
    }

    [Fact]
    public async Task A_license_assigned_in_the_cloud_feeds_the_upn_update_rule()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        var id = s.SyncOne(Scenario.User("a1", "joe@contoso.com")).ObjectId!.Value;
        await Cloud(s).AssignLicensesAsync(s.Tenant.Id, id, [Guid.NewGuid()], [], "alice", default);
        s.SyncOne(Scenario.User("a1", "joseph@contoso.com"));
        Assert.Equal("joe@contoso.com", s.Object(id).UserPrincipalName);
    }

    [Fact]
    public async Task A_feature_request_with_one_refused_change_changes_nothing()
    {
        var s = new Scenario();
        var service = new FeatureService(s.Store, s.Clock, NullLogger<FeatureService>.Instance);
        var audit = s.Store.Audit.Count;
        await Assert.ThrowsAsync<DomainException>(() => service.SetByAdminAsync(s.Tenant.Id, new Dictionary<DirSyncFeature, bool>
        {
            [DirSyncFeature.BlockSoftMatch] = true,
            [DirSyncFeature.DuplicateUpnResiliency] = false,
        }, "mallory", default));
        Assert.Equal(audit, s.Store.Audit.Count);
        var stored = (await s.Store.FindTenantAsync(s.Tenant.Id, default))!;
        Assert.True(stored.Features.IsEnabled(DirSyncFeature.DuplicateUpnResiliency));
        Assert.False(stored.Features.IsEnabled(DirSyncFeature.BlockSoftMatch));
    }

    [Fact]
    public async Task Each_feature_change_is_audited_with_before_and_after()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        await new FeatureService(s.Store, s.Clock, NullLogger<FeatureService>.Instance).SetByAdminAsync(s.Tenant.Id,
            new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.EnableSoftMatchOnUpn] = true }, "alice", default);
        var entry = s.Store.Audit.Last();
        Assert.Equal(("alice", "feature.enable", "feature/softMatchOnUpnEnabled"), (entry.Actor, entry.Action, entry.Target));
        Assert.Contains("false", entry.Before);
        Assert.Contains("true", entry.After);
    }
}

public class SyncClientFeatures
{
    private static FeatureService Service(Scenario s) => new(s.Store, s.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<FeatureService>.Instance);

    [Fact]
    public async Task The_sync_client_reports_the_features_it_owns_audited_with_its_identity()
    {
        var s = new Scenario();
        var changes = await Service(s).ReportBySyncClientAsync(s.Tenant.Id,
            new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.PasswordSync] = true, [DirSyncFeature.DeviceWriteback] = false }, "key:aadconnect", default);
        Assert.Single(changes);
        Assert.True(s.Tenant.Features.IsEnabled(DirSyncFeature.PasswordSync));
        Assert.Equal("key:aadconnect", s.Tenant.Features[DirSyncFeature.PasswordSync].ChangedBy);
        Assert.Contains(s.Store.Audit, a => a.Action == "feature.reported" && a.Actor == "key:aadconnect" && a.Target == "feature/passwordSyncEnabled");
    }

    [Fact]
    public async Task A_report_naming_an_admin_feature_is_refused_whole()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        var refused = await Assert.ThrowsAsync<DomainException>(() => Service(s).ReportBySyncClientAsync(s.Tenant.Id,
            new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.PasswordSync] = true, [DirSyncFeature.EnableSoftMatchOnUpn] = true }, "client", default));
        Assert.Equal("NotASyncClientFeature", refused.Code);
        Assert.False(s.Tenant.Features.IsEnabled(DirSyncFeature.PasswordSync));
        Assert.False(s.Tenant.Features.IsEnabled(DirSyncFeature.EnableSoftMatchOnUpn));
    }

    [Fact]
    public async Task An_admin_may_not_set_a_sync_client_feature()
    {
        var s = new Scenario();
        var refused = await Assert.ThrowsAsync<DomainException>(() => Service(s).SetByAdminAsync(s.Tenant.Id,
            new Dictionary<DirSyncFeature, bool> { [DirSyncFeature.PasswordSync] = true }, "alice", default));
        Assert.Equal("SyncClientFeature", refused.Code);
    }
}
