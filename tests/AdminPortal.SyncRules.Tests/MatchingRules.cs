using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class MatchingRules
{
    [Fact]
    public void A_new_object_with_no_candidate_is_provisioned_and_the_decision_recorded()
    {
        var s = new Scenario();
        var r = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
        var record = Assert.Single(s.Store.MatchRecords);
        Assert.Equal(MatchOutcome.Provisioned, record.Outcome);
        Assert.Equal(3, record.Steps.Count);
        Assert.All(record.Steps, step => Assert.Empty(step.Candidates));
        Assert.Equal(s.Tenant.Features.EnabledMask, record.FeaturesInForce);
        Assert.Equal(r.ObjectId, record.ObjectId);
    }

    [Fact]
    public void Hard_match_takes_over_a_cloud_object_that_is_not_sync_enabled()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("joe@contoso.com", immutableId: "anchor-1");
        var r = s.SyncOne(Scenario.User("anchor-1", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Matched, r.Outcome);
        Assert.Equal(MatchRule.HardMatch, r.MatchedBy);
        Assert.Equal(cloud.Id, r.ObjectId);
        Assert.True(s.Object(cloud.Id).SyncEnabled);
        Assert.Equal("User anchor-1", s.Object(cloud.Id).DisplayName);
    }

    [Fact]
    public void Hard_match_takeover_is_refused_with_InvalidHardMatch_when_blocked()
    {
        var s = new Scenario(enable: DirSyncFeature.BlockCloudObjectTakeoverThroughHardMatch);
        var cloud = s.CloudUser("joe@contoso.com", immutableId: "anchor-1");
        var r = s.SyncOne(Scenario.User("anchor-1", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Failed, r.Outcome);
        Assert.Equal(SyncErrorCodes.InvalidHardMatch, Assert.Single(r.Errors).Code);
        Assert.False(s.Object(cloud.Id).SyncEnabled);
        Assert.Equal(SyncErrorCodes.InvalidHardMatch, s.Store.Failures["anchor-1"].ErrorCode);
    }

    [Fact]
    public void Soft_match_binds_a_cloud_user_by_primary_smtp_and_writes_the_anchor()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("joe@contoso.onmicrosoft.com", smtp: "joe@contoso.com");
        var r = s.SyncOne(Scenario.User("a1", "joe.smith@contoso.com", "joe@contoso.com"));
        Assert.Equal(MatchRule.SoftMatchSmtp, r.MatchedBy);
        Assert.Equal(cloud.Id, r.ObjectId);
        var bound = s.Object(cloud.Id);
        Assert.Equal("a1", bound.ImmutableId);
        Assert.Equal("joe.smith@contoso.com", bound.UserPrincipalName);
        Assert.True(bound.SyncEnabled);
    }

    [Fact]
    public void A_soft_match_happens_once_and_later_syncs_are_updates_by_anchor()
    {
        var s = new Scenario();
        s.CloudUser("joe@contoso.onmicrosoft.com", smtp: "joe@contoso.com");
        s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        var second = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com") with { DisplayName = "Joe S." });
        Assert.Equal(ObjectOutcome.Updated, second.Outcome);
        Assert.Single(s.Store.MatchRecords);
    }

    [Fact]
    public void Soft_match_compares_primary_addresses_only()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("joe@contoso.onmicrosoft.com", smtp: "joe@contoso.com");
        cloud.SetProxyAddresses([ProxyAddress.PrimarySmtp("joe@contoso.com"), new ProxyAddress("smtp:sales@contoso.com")]);
        var r = s.SyncOne(Scenario.User("a1", "sales@contoso.com", "sales@contoso.com"));
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
        var step = s.Store.MatchRecords.Single().Steps.Single(x => x.Rule == MatchRule.SoftMatchSmtp);
        Assert.Contains("only as a secondary address", Assert.Single(step.Candidates).Reason);
        Assert.Equal("ProxyAddress", Assert.Single(r.Quarantined).PropertyCausingError);
    }

    [Fact]
    public void Soft_match_falls_back_to_upn_when_enabled()
    {
        var s = new Scenario();
        var cloud = s.CloudUser("joe@contoso.com");
        var r = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe.smith@contoso.com"));
        Assert.Equal(MatchRule.SoftMatchUpn, r.MatchedBy);
        Assert.Equal(cloud.Id, r.ObjectId);
        var steps = s.Store.MatchRecords.Single().Steps;
        Assert.Equal([MatchRule.HardMatch, MatchRule.SoftMatchSmtp, MatchRule.SoftMatchUpn], steps.Select(x => x.Rule));
        Assert.True(steps[2].Candidates.Single().Taken);
    }

    [Fact]
    public void Soft_match_on_upn_does_not_happen_while_the_feature_is_off()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.CloudUser("joe@contoso.com");
        var r = s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Failed, r.Outcome);
        Assert.Equal(SyncErrorCodes.AttributeValueMustBeUnique, r.Errors.Single().Code);
        Assert.Contains("EnableSoftMatchOnUpn is off", s.Store.MatchRecords.Single().Steps[2].Conclusion);
    }

    [Fact]
    public void Upn_soft_match_is_not_tried_when_smtp_soft_match_found_the_object()
    {
        var s = new Scenario();
        var bySmtp = s.CloudUser("other@contoso.com", smtp: "joe@contoso.com");
        s.CloudUser("joe@contoso.com");
        var r = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        Assert.Equal(bySmtp.Id, r.ObjectId);
        Assert.Equal(2, s.Store.MatchRecords.Single().Steps.Count);
        Assert.Equal("UserPrincipalName", Assert.Single(r.Quarantined).PropertyCausingError);
    }

    [Fact]
    public void Block_soft_match_stops_both_soft_match_rules()
    {
        var s = new Scenario(enable: DirSyncFeature.BlockSoftMatch);
        s.CloudUser("joe@contoso.com", smtp: "joe@contoso.com");
        var r = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
        Assert.All(s.Store.MatchRecords.Single().Steps.Skip(1), step => Assert.False(step.Evaluated));
        Assert.Equal(2, r.Quarantined.Count);
    }

    [Fact]
    public void A_candidate_with_an_immutable_id_gives_InvalidSoftMatch_when_resiliency_is_off()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        var r = s.SyncOne(Scenario.User("a2", "joe2@contoso.com", "joe@contoso.com"));
        Assert.Equal(SyncErrorCodes.InvalidSoftMatch, r.Errors.Single().Code);
        Assert.Equal(MatchOutcome.Failed, s.Store.MatchRecords.Last().Outcome);
    }

    [Fact]
    public void With_resiliency_on_a_synced_candidate_is_passed_over_and_the_value_quarantined()
    {
        var s = new Scenario();
        var first = s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        var r = s.SyncOne(Scenario.User("a2", "joe2@contoso.com", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
        Assert.Equal("SMTP:joe@contoso.com", Assert.Single(r.Quarantined).Value);
        var candidate = s.Store.MatchRecords.Last().Steps[1].Candidates.Single();
        Assert.Equal(first.ObjectId, candidate.ObjectId);
        Assert.False(candidate.Taken);
    }

    [Fact]
    public void A_cloud_admin_is_never_matched()
    {
        var s = new Scenario();
        var admin = s.CloudUser("boss@contoso.com", smtp: "boss@contoso.com", admin: true);
        var r = s.SyncOne(Scenario.User("a1", "boss@contoso.com", "boss@contoso.com"));
        Assert.Equal(SyncErrorCodes.ExistingAdminRoleConflict, r.Errors.Single().Code);
        Assert.Null(s.Object(admin.Id).ImmutableId);
    }

    [Fact]
    public void A_cloud_admin_is_not_taken_over_by_hard_match_either()
    {
        var s = new Scenario();
        s.CloudUser("boss@contoso.com", admin: true, immutableId: "a1");
        Assert.Equal(SyncErrorCodes.ExistingAdminRoleConflict, s.SyncOne(Scenario.User("a1", "boss@contoso.com")).Errors.Single().Code);
    }

    [Fact]
    public void A_candidate_of_another_type_gives_ObjectTypeMismatch()
    {
        var s = new Scenario();
        s.Cloud(ObjectType.Contact, "Partner", smtp: "partner@fabrikam.net");
        var r = s.SyncOne(Scenario.User("a1", "partner@contoso.com", "partner@fabrikam.net"));
        Assert.Equal(SyncErrorCodes.ObjectTypeMismatch, r.Errors.Single().Code);
    }

    [Fact]
    public void Mail_enabled_groups_and_contacts_soft_match_by_smtp()
    {
        var s = new Scenario();
        var group = s.Cloud(ObjectType.Group, "Sales", smtp: "sales@contoso.com");
        var contact = s.Cloud(ObjectType.Contact, "Partner", smtp: "partner@fabrikam.net");
        var result = s.Sync(Scenario.Group("g1", "sales@contoso.com"), Scenario.Contact("c1", "partner@fabrikam.net"));
        Assert.Equal(group.Id, result.Results[0].ObjectId);
        Assert.Equal(contact.Id, result.Results[1].ObjectId);
        Assert.All(result.Results, r => Assert.Equal(MatchRule.SoftMatchSmtp, r.MatchedBy));
    }

    [Fact]
    public void A_group_that_is_not_mail_enabled_never_matches()
    {
        var s = new Scenario();
        s.Cloud(ObjectType.Group, "Engineering", mailEnabled: false);
        var r = s.SyncOne(Scenario.Group("g1", null, mailEnabled: false));
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
        Assert.Contains("never match", s.Store.MatchRecords.Single().Steps[1].Conclusion);
    }

    [Fact]
    public void Groups_and_contacts_do_not_soft_match_by_upn()
    {
        var s = new Scenario();
        var r = s.SyncOne(Scenario.Contact("c1", "x@fabrikam.net"));
        Assert.False(s.Store.MatchRecords.Single().Steps[2].Evaluated);
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
    }
}
