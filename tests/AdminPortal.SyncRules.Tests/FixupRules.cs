using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class FixupRules
{
    [Fact]
    public void Fixup_restores_a_quarantined_upn_once_the_other_object_releases_it()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var second = s.SyncOne(Scenario.User("a2", "joe@contoso.com")).ObjectId!.Value;
        Assert.Empty(s.Fixup());
        s.SyncOne(Scenario.User("a1", "joe.old@contoso.com"));
        var released = Assert.Single(s.Fixup());
        Assert.Equal(second, released.ObjectId);
        Assert.Equal("joe@contoso.com", s.Object(second).UserPrincipalName);
        Assert.Empty(s.Object(second).Quarantine);
        Assert.Contains(s.Store.Audit, a => a.Action == "fixup.run");
    }

    [Fact]
    public void Fixup_restores_a_quarantined_proxy_address_when_its_holder_is_deleted()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.Group("g1", "sales@contoso.com"));
        var user = s.SyncOne(Scenario.User("u1", "ann@contoso.com", "ann@contoso.com", "sales@contoso.com")).ObjectId!.Value;
        s.SyncOne(Scenario.Deleted("g1", "group"));
        s.Fixup();
        Assert.Contains("smtp:sales@contoso.com", s.Object(user).ProxyAddresses.Select(p => p.Value));
    }

    [Fact]
    public void When_two_objects_wait_for_one_value_the_first_quarantined_gets_it()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a0", "joe@contoso.com"));
        var first = s.SyncOne(Scenario.User("a1", "joe@contoso.com")).ObjectId!.Value;
        s.Clock.Now = s.Clock.Now.AddMinutes(1);
        var second = s.SyncOne(Scenario.User("a2", "joe@contoso.com")).ObjectId!.Value;
        s.SyncOne(Scenario.Deleted("a0"));
        Assert.Single(s.Fixup());
        Assert.Equal("joe@contoso.com", s.Object(first).UserPrincipalName);
        Assert.Single(s.Object(second).Quarantine);
    }

    [Fact]
    public void A_fixup_with_nothing_to_release_writes_nothing()
    {
        var s = new Scenario();
        s.SyncOne(Scenario.User("a1", "joe@contoso.com"));
        var saves = s.Store.Saves;
        Assert.Empty(s.Fixup());
        Assert.Equal(saves, s.Store.Saves);
    }
}
