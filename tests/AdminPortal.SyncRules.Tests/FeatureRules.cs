using AdminPortal.SyncRules.Features;

namespace AdminPortal.SyncRules.Tests;

public class FeatureRules
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UnixEpoch;

    [Fact]
    public void The_catalogue_names_every_feature_by_its_graph_and_legacy_name()
    {
        Assert.Equal(20, FeatureCatalog.All.Count);
        Assert.Equal(DirSyncFeature.DuplicateUpnResiliency, FeatureCatalog.Find("quarantineUponUpnConflictEnabled")!.Feature);
        Assert.Equal(DirSyncFeature.DuplicateUpnResiliency, FeatureCatalog.Find("DuplicateUPNResiliency")!.Feature);
        Assert.Equal(4, FeatureCatalog.All.Count(f => f.Kind == FeatureKind.SettableOneWay));
        Assert.Equal(3, FeatureCatalog.All.Count(f => f.Kind == FeatureKind.SettableReversible));
        Assert.Equal(4, FeatureCatalog.All.Count(f => f.Kind == FeatureKind.SyncClientOnly));
        Assert.Null(FeatureCatalog.Find("noSuchFeature"));
    }

    [Fact]
    public void A_tenant_of_2015_starts_with_every_admin_feature_off()
    {
        var set = FeatureSet.DefaultsFor(new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.DoesNotContain(set.States, s => s.Enabled);
    }

    [Fact]
    public void Upn_sync_for_managed_users_is_on_for_tenants_created_after_june_15_2015()
    {
        Assert.False(FeatureSet.DefaultsFor(new DateTimeOffset(2015, 6, 15, 12, 0, 0, TimeSpan.Zero)).IsEnabled(DirSyncFeature.SynchronizeUpnForManagedUsers));
        Assert.True(FeatureSet.DefaultsFor(new DateTimeOffset(2015, 6, 16, 0, 0, 0, TimeSpan.Zero)).IsEnabled(DirSyncFeature.SynchronizeUpnForManagedUsers));
    }

    [Fact]
    public void Soft_match_on_upn_is_on_for_tenants_from_march_30_2016_and_resiliency_from_late_august_2016()
    {
        var april2016 = FeatureSet.DefaultsFor(new DateTimeOffset(2016, 4, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(april2016.IsEnabled(DirSyncFeature.EnableSoftMatchOnUpn));
        Assert.False(april2016.IsEnabled(DirSyncFeature.DuplicateUpnResiliency));
        var september2016 = FeatureSet.DefaultsFor(new DateTimeOffset(2016, 9, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.True(september2016.IsEnabled(DirSyncFeature.DuplicateUpnResiliency));
        Assert.True(september2016.IsEnabled(DirSyncFeature.DuplicateProxyAddressResiliency));
        Assert.False(september2016.IsEnabled(DirSyncFeature.BlockSoftMatch));
    }

    [Theory]
    [InlineData(DirSyncFeature.DuplicateUpnResiliency)]
    [InlineData(DirSyncFeature.DuplicateProxyAddressResiliency)]
    [InlineData(DirSyncFeature.EnableSoftMatchOnUpn)]
    [InlineData(DirSyncFeature.SynchronizeUpnForManagedUsers)]
    public void A_one_way_feature_once_on_can_never_be_turned_off(DirSyncFeature feature)
    {
        var set = FeatureSet.DefaultsFor(Scenario.TenantOf2015);
        var change = set.SetByAdmin(feature, true, "alice", Now);
        Assert.Equal("alice", change!.After.ChangedBy);
        var refused = Assert.Throws<DomainException>(() => set.SetByAdmin(feature, false, "mallory", Now));
        Assert.Equal("OneWayFeature", refused.Code);
        Assert.True(set.IsEnabled(feature));
        Assert.Equal("alice", set[feature].ChangedBy);
    }

    [Theory]
    [InlineData(DirSyncFeature.BlockSoftMatch)]
    [InlineData(DirSyncFeature.BlockCloudObjectTakeoverThroughHardMatch)]
    public void A_reversible_feature_goes_on_and_off(DirSyncFeature feature)
    {
        var set = FeatureSet.DefaultsFor(Scenario.ModernTenant);
        set.SetByAdmin(feature, true, "alice", Now);
        set.SetByAdmin(feature, false, "bob", Now);
        Assert.False(set.IsEnabled(feature));
        Assert.Equal("bob", set[feature].ChangedBy);
    }

    [Fact]
    public void An_admin_cannot_set_a_feature_that_only_the_sync_client_sets()
    {
        var set = FeatureSet.DefaultsFor(Scenario.ModernTenant);
        Assert.Equal("SyncClientFeature", Assert.Throws<DomainException>(() => set.SetByAdmin(DirSyncFeature.PasswordSync, true, "alice", Now)).Code);
        Assert.NotNull(set.SetBySyncClient(DirSyncFeature.PasswordSync, true, "AAD Connect", Now));
        Assert.True(set.IsEnabled(DirSyncFeature.PasswordSync));
        Assert.Equal("FeatureNotSettable", Assert.Throws<DomainException>(() => set.SetByAdmin(DirSyncFeature.UserWriteback, true, "alice", Now)).Code);
    }

    [Fact]
    public void Setting_a_feature_to_the_state_it_has_changes_nothing()
    {
        var set = FeatureSet.DefaultsFor(Scenario.ModernTenant);
        Assert.Null(set.SetByAdmin(DirSyncFeature.DuplicateUpnResiliency, true, "alice", Now));
        Assert.Null(set[DirSyncFeature.DuplicateUpnResiliency].ChangedBy);
    }

    [Fact]
    public void The_enabled_mask_round_trips_to_feature_names()
    {
        var set = FeatureSet.DefaultsFor(Scenario.ModernTenant);
        Assert.Equal(set.States.Where(s => s.Enabled).Select(s => s.Feature), FeatureSet.FromMask(set.EnabledMask));
    }

    [Fact]
    public void Deletion_prevention_by_count_blocks_more_than_the_threshold()
    {
        var guard = AccidentalDeletionPrevention.Default;
        Assert.False(guard.Blocks(500, 10_000));
        Assert.True(guard.Blocks(501, 10_000));
        var percent = AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForPercentage, 10);
        Assert.True(percent.Blocks(11, 100));
        Assert.False(percent.Blocks(10, 100));
        Assert.Throws<DomainException>(() => AccidentalDeletionPrevention.Create(DeletionPreventionType.EnabledForPercentage, 150));
    }
}
