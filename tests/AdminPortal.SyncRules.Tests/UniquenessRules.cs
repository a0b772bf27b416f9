using System.Text.RegularExpressions;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class UniquenessRules
{
    [Fact]
    public void With_upn_resiliency_on_a_duplicate_upn_is_quarantined_behind_a_placeholder()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var r = s.SyncOne(Scenario.User("a2", "joe@contoso.com"));
        Assert.Equal(ObjectOutcome.Created, r.Outcome);
        var q = Assert.Single(r.Quarantined);
        Assert.Equal("UserPrincipalName", q.PropertyCausingError);
        Assert.Equal("joe@contoso.com", q.Value);
        Assert.Matches(new Regex(@"^joe\+\d{4}@contoso\.onmicrosoft\.com$"), q.Placeholder);
        var second = s.Object(r.ObjectId!.Value);
        Assert.Equal(q.Placeholder, second.UserPrincipalName);
        Assert.Equal("PropertyConflict", second.Quarantine.Single().Category);
    }

    [Fact]
    public void Upn_uniqueness_ignores_case()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "Joe@Contoso.com"));
        Assert.Single(s.SyncOne(Scenario.User("a2", "JOE@contoso.COM")).Quarantined);
    }

    [Fact]
    public void With_upn_resiliency_off_a_duplicate_upn_fails_the_whole_object()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var r = s.SyncOne(Scenario.User("a2", "joe@contoso.com", "joe2@contoso.com"));
        Assert.Equal(ObjectOutcome.Failed, r.Outcome);
        var error = r.Errors.Single();
        Assert.Equal(SyncErrorCodes.AttributeValueMustBeUnique, error.Code);
        Assert.Equal("UserPrincipalName", error.PropertyCausingError);
        Assert.Null(r.ObjectId);
        Assert.Single(s.Store.Objects);
        Assert.Equal(1, s.Store.Failures["a2"].Attempts);
    }

    [Fact]
    public void A_failed_object_is_retried_on_every_sync_and_counts_its_attempts()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        s.SyncOne(Scenario.User("a2", "joe@contoso.com"));
        s.SyncOne(Scenario.User("a2", "joe@contoso.com"));
        Assert.Equal(2, s.Store.Failures["a2"].Attempts);
        var fixedAtSource = s.SyncOne(Scenario.User("a2", "joe.two@contoso.com"));
        Assert.Equal(ObjectOutcome.Created, fixedAtSource.Outcome);
        Assert.Empty(s.Store.Failures);
    }

    [Fact]
    public void Proxy_addresses_are_unique_across_users_groups_and_contacts_whatever_their_prefix()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.Group("g1", "sales@contoso.com"));
        var user = s.SyncOne(Scenario.User("u1", "ann@contoso.com", "ann@contoso.com", "Sales@Contoso.com"));
        Assert.Equal("smtp:Sales@Contoso.com", Assert.Single(user.Quarantined).Value);
        var contact = s.SyncOne(Scenario.Contact("c1", "ann@fabrikam.net") with { ProxyAddresses = ["SMTP:ann@fabrikam.net", "smtp:ANN@contoso.com"] });
        Assert.Equal("smtp:ANN@contoso.com", Assert.Single(contact.Quarantined).Value);
        var stored = s.Object(user.ObjectId!.Value);
        Assert.Equal(["SMTP:ann@contoso.com"], stored.ProxyAddresses.Select(p => p.Value));
    }

    [Fact]
    public void With_proxy_resiliency_off_a_duplicate_proxy_address_fails_the_object()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Scenario.Group("g1", "sales@contoso.com"));
        var r = s.SyncOne(Scenario.User("u1", "ann@contoso.com", "ann@contoso.com", "sales@contoso.com"));
        Assert.Equal("ProxyAddress", r.Errors.Single().PropertyCausingError);
        Assert.Contains("DuplicateProxyAddressResiliency is off", r.Errors.Single().Message);
    }

    [Fact]
    public void A_upn_and_a_proxy_address_with_the_same_text_do_not_conflict()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.Group("g1", "joe@contoso.com"));
        var r = s.SyncOne(Scenario.User("u1", "joe@contoso.com"));
        Assert.Empty(r.Quarantined);
    }

    [Fact]
    public void An_update_that_creates_a_conflict_quarantines_and_keeps_the_rest_of_the_update()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        s.SyncOne(Scenario.User("a2", "ann@contoso.com"));
        var r = s.SyncOne(Scenario.User("a2", "joe@contoso.com") with { DisplayName = "Ann renamed" });
        Assert.Equal(ObjectOutcome.Updated, r.Outcome);
        var ann = s.ByAnchor("a2");
        Assert.Equal("Ann renamed", ann.DisplayName);
        Assert.StartsWith("joe+", ann.UserPrincipalName);
    }

    [Fact]
    public void Placeholders_stay_unique_across_several_quarantined_users()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a0", "joe@contoso.com"));
        var placeholders = Enumerable.Range(1, 5).Select(i => s.SyncOne(Scenario.User("a" + i, "joe@contoso.com")).Quarantined.Single().Placeholder).ToList();
        Assert.Equal(5, placeholders.Distinct().Count());
    }

    [Fact]
    public void Two_objects_of_one_batch_with_the_same_value_quarantine_the_second()
    {
        var s = new Scenario();
        var result = s.Sync(Scenario.User("a1", "joe@contoso.com"), Scenario.User("a2", "joe@contoso.com"));
        Assert.Empty(result.Results[0].Quarantined);
        Assert.Single(result.Results[1].Quarantined);
    }

    [Fact]
    public void Resending_an_object_with_a_quarantined_value_keeps_its_placeholder()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var first = s.SyncOne(Scenario.User("a2", "joe@contoso.com")).Quarantined.Single().Placeholder;
        var again = s.SyncOne(Scenario.User("a2", "joe@contoso.com") with { DisplayName = "changed" });
        Assert.Equal(first, again.Quarantined.Single().Placeholder);
        Assert.Equal(first, s.ByAnchor("a2").UserPrincipalName);
    }

    [Fact]
    public void Dropping_a_quarantined_value_at_the_source_clears_its_quarantine()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com", "joe@contoso.com"));
        s.SyncOne(Scenario.User("a2", "ann@contoso.com", "ann@contoso.com", "joe@contoso.com"));
        var r = s.SyncOne(Scenario.User("a2", "ann@contoso.com", "ann@contoso.com"));
        Assert.Empty(r.Quarantined);
        Assert.Empty(s.ByAnchor("a2").Quarantine);
    }

    [Fact]
    public void Cloud_objects_are_not_quarantined_they_hold_their_values()
    {
        var s = new Scenario();
        var cloud = s.Cloud(ObjectType.Group, "Cloud sales", smtp: "sales@contoso.com", immutableId: "someone-else");
        var r = s.SyncOne(Scenario.User("u1", "ann@contoso.com", "ann@contoso.com", "sales@contoso.com"));
        Assert.Single(r.Quarantined);
        Assert.Equal(["SMTP:sales@contoso.com"], s.Object(cloud.Id).ProxyAddresses.Select(p => p.Value));
    }
}
