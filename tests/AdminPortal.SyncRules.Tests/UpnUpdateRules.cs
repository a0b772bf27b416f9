using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class UpnUpdateRules
{
    private static Scenario LicensedManagedUser(DateTimeOffset created, out Guid id)
    {
        var s = new Scenario(created);
        id = s.SyncOne(Scenario.User("a1", "joe@contoso.com")).ObjectId!.Value;
        s.License(id);
        return s;
    }

    [Fact]
    public void A_licensed_managed_user_keeps_its_upn_while_SynchronizeUpnForManagedUsers_is_off()
    {
        var s = LicensedManagedUser(Scenario.TenantOf2015, out var id);
        var r = s.SyncOne(Scenario.User("a1", "joseph@contoso.com"));
        Assert.Equal(ObjectOutcome.Updated, r.Outcome);
        Assert.Equal("joe@contoso.com", s.Object(id).UserPrincipalName);
        Assert.Contains("SynchronizeUpnForManagedUsers is off", Assert.Single(r.Warnings));
    }

    [Fact]
    public void A_licensed_managed_user_takes_the_new_upn_once_SynchronizeUpnForManagedUsers_is_on()
    {
        var s = LicensedManagedUser(Scenario.TenantOf2015, out var id);
        s.Tenant.Features.SetByAdmin(DirSyncFeature.SynchronizeUpnForManagedUsers, true, "alice", s.Clock.GetUtcNow());
        Assert.Equal("joe@contoso.com", s.Object(id).UserPrincipalName); // enabling changes no existing UPN
        s.SyncOne(Scenario.User("a1", "joseph@contoso.com"));
        Assert.Equal("joseph@contoso.com", s.Object(id).UserPrincipalName);
    }

    [Fact]
    public void An_unlicensed_managed_user_always_takes_the_new_upn()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        var id = s.SyncOne(Scenario.User("a1", "joe@contoso.com")).ObjectId!.Value;
        s.SyncOne(Scenario.User("a1", "joseph@contoso.com"));
        Assert.Equal("joseph@contoso.com", s.Object(id).UserPrincipalName);
    }

    [Fact]
    public void An_unverified_upn_suffix_gives_the_moera()
    {
        var s = new Scenario();
        var r = s.SyncOne(Scenario.User("a1", "joe@contoso.local") with { MailNickname = "jsmith" });
        Assert.Equal("jsmith@contoso.onmicrosoft.com", s.Object(r.ObjectId!.Value).UserPrincipalName);
        Assert.Contains("MOERA", Assert.Single(r.Warnings));
    }

    [Fact]
    public void A_federated_user_may_move_between_federated_domains_when_the_tenant_allows_it()
    {
        var s = new Scenario();
        var id = s.SyncOne(Scenario.User("a1", "joe@fabrikam.com")).ObjectId!.Value;
        s.License(id);
        s.SyncOne(Scenario.User("a1", "joe@northwind.com"));
        Assert.Equal("joe@northwind.com", s.Object(id).UserPrincipalName);
    }

    [Fact]
    public void A_federated_domain_change_fails_with_FederatedDomainChangeError_in_a_tenant_that_does_not_allow_it()
    {
        var s = new Scenario(federatedDomainChangeAllowed: false);
        var id = s.SyncOne(Scenario.User("a1", "joe@fabrikam.com")).ObjectId!.Value;
        var r = s.SyncOne(Scenario.User("a1", "joe@northwind.com") with { DisplayName = "Renamed" });
        Assert.Equal(SyncErrorCodes.FederatedDomainChangeError, r.Errors.Single().Code);
        Assert.Equal("joe@fabrikam.com", s.Object(id).UserPrincipalName);
        Assert.Equal("User a1", s.Object(id).DisplayName);
    }

    [Fact]
    public void A_federated_user_moving_to_a_managed_domain_is_not_blocked_by_the_managed_rule()
    {
        var s = new Scenario(Scenario.TenantOf2015);
        var id = s.SyncOne(Scenario.User("a1", "joe@fabrikam.com")).ObjectId!.Value;
        s.License(id);
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        Assert.Equal("joe@contoso.com", s.Object(id).UserPrincipalName);
    }
}
