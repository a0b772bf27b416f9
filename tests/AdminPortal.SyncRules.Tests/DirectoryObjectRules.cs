using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>The directory object through its own methods: each change it allows, each rule it guards.</summary>
public class DirectoryObjectRules
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.NewGuid();

    internal static DirectoryObject Cloud(string upn = "ann@contoso.com", params string[] proxies) =>
        DirectoryObject.CreateCloud(Guid.NewGuid(), Tenant, new NewCloudObject(ObjectType.User, "Ann", upn),
            proxies.Select(p => new ProxyAddress(p)).ToList(), Now);

    private static ExportedObject Export(string anchor, string upn) =>
        new(0, ObjectType.User, anchor, "Joe", upn, "joe", "joe@contoso.com", [ProxyAddress.PrimarySmtp("joe@contoso.com")], "CN=Joe,DC=contoso", true, false);

    private static DirectoryObject Synced(string anchor = "a1")
    {
        var o = new DirectoryObject(Guid.NewGuid(), Tenant, ObjectType.User, "Joe", Now);
        var export = Export(anchor, "joe@contoso.com");
        o.ApplyExport(export, Now);
        // The UPN and the addresses are the engine's decision; here nothing stands in their way.
        o.TakeUpn("joe@contoso.com");
        o.SetProxyAddresses(export.ProxyAddresses);
        return o;
    }

    [Fact]
    public void An_applied_export_binds_the_object_to_its_anchor_and_marks_it_synced()
    {
        var o = Synced("anchor-1");
        Assert.Equal(("anchor-1", true, Now, "CN=Joe,DC=contoso", "joe@contoso.com"), (o.ImmutableId, o.SyncEnabled, o.LastSyncDateTime, o.DistinguishedName, o.UpnNormalized));
        Assert.Equal(Export("anchor-1", "joe@contoso.com").ComputeSourceHash(), o.SourceHash);
    }

    [Fact]
    public void A_synced_object_refuses_cloud_changes_of_synced_attributes_and_changes_nothing()
    {
        var o = Synced();
        var refused = Assert.Throws<DomainException>(() => o.ApplyCloudChange(new CloudObjectPatch(DisplayName: "Hacked"), []));
        Assert.Equal("SyncedAttributeReadOnly", refused.Code);
        Assert.Equal("Joe", o.DisplayName);
        Assert.Single(o.ProxyAddresses);
    }

    [Fact]
    public void A_cloud_object_takes_a_cloud_change_and_only_a_user_has_a_upn()
    {
        var o = Cloud();
        o.ApplyCloudChange(new CloudObjectPatch(DisplayName: "Ann B", Mail: "annb@contoso.com"), [ProxyAddress.PrimarySmtp("annb@contoso.com")]);
        Assert.Equal(("Ann B", "annb@contoso.com", true), (o.DisplayName, o.Mail, o.MailEnabled));
        var contact = DirectoryObject.CreateCloud(Guid.NewGuid(), Tenant, new NewCloudObject(ObjectType.Contact, "C"), [], Now);
        Assert.Equal("InvalidUserPrincipalName", Assert.Throws<DomainException>(() => contact.ApplyCloudChange(new CloudObjectPatch(UserPrincipalName: "c@contoso.com"), [])).Code);
    }

    [Fact]
    public void A_restored_upn_replaces_its_placeholder_and_a_restored_address_joins_the_others()
    {
        var o = Synced();
        var upn = new QuarantinedValue(ConflictProperty.UserPrincipalName, "kim@contoso.com", "kim1234@contoso.onmicrosoft.com", Now);
        var proxy = new QuarantinedValue(ConflictProperty.ProxyAddress, "smtp:sales@contoso.com", null, Now);
        o.TakeUpn(upn.Placeholder!);
        o.SetQuarantine([upn, proxy]);
        o.MarkLoaded();
        o.RestoreQuarantined(upn);
        o.RestoreQuarantined(proxy);
        Assert.Equal("kim@contoso.com", o.UserPrincipalName);
        Assert.Contains(o.ProxyAddresses, p => p.Value == "smtp:sales@contoso.com");
        Assert.Empty(o.Quarantine);
        Assert.True(o.ChildrenChanged);
        Assert.Throws<InvalidOperationException>(() => o.RestoreQuarantined(upn));
    }

    [Fact]
    public void A_note_is_recorded_on_the_quarantined_value_it_names()
    {
        var o = Synced();
        var q = new QuarantinedValue(ConflictProperty.ProxyAddress, "smtp:sales@contoso.com", null, Now);
        o.SetQuarantine([q]);
        o.NoteFixAtSource(q, "Remove it from Bob on premises.", "olga");
        Assert.Equal(("Remove it from Bob on premises.", "olga"), (o.Quarantine.Single().FixAtSourceNote, o.Quarantine.Single().NotedBy));
    }

    [Fact]
    public void An_orphan_takes_its_duplicates_anchor_and_forgets_the_last_export_and_nothing_else_may()
    {
        var keep = Synced("old-anchor");
        var duplicate = Synced("new-anchor");
        keep.TakeAnchorFrom(duplicate);
        Assert.Equal(("new-anchor", (string?)null), (keep.ImmutableId, keep.SourceHash));
        Assert.Equal("NotAnOrphan", Assert.Throws<DomainException>(() => keep.TakeAnchorFrom(Cloud())).Code);
        Assert.Equal("NotAnOrphan", Assert.Throws<DomainException>(() => keep.TakeAnchorFrom(keep)).Code);
    }

    [Fact]
    public void Licenses_are_assigned_and_removed_once_each()
    {
        var o = Cloud();
        var (e3, e5) = (Guid.NewGuid(), Guid.NewGuid());
        o.AssignLicenses([e3, e5, e3], []);
        o.AssignLicenses([], [e3]);
        Assert.Equal([e5], o.AssignedLicenses);
        Assert.True(o.IsLicensed);
    }

    [Fact]
    public void What_a_store_restores_is_what_the_object_held_and_counts_as_unchanged()
    {
        var o = Synced();
        o.AssignLicenses([Guid.NewGuid()], []);
        var back = DirectoryObject.Restore(o.Id, o.TenantId, o.Type, o.DisplayName, o.CreatedDateTime, o.ToStoredState());
        Assert.Equal(o.ToStoredState() with { ProxyAddresses = null, Quarantine = null, Licenses = null },
            back.ToStoredState() with { ProxyAddresses = null, Quarantine = null, Licenses = null });
        Assert.Equal(o.AssignedLicenses, back.AssignedLicenses);
        Assert.Equal(o.ProxyAddresses, back.ProxyAddresses);
        Assert.False(back.ChildrenChanged);
        back.Saved();
        Assert.Equal(o.Version + 1, back.Version);
    }

    [Fact]
    public void Its_keys_count_as_changed_only_while_they_differ_from_what_the_store_holds()
    {
        var loaded = DirectoryObject.Restore(Guid.NewGuid(), Tenant, ObjectType.User, "Joe", Now, Synced().ToStoredState());
        Assert.False(loaded.KeysChanged);
        loaded.ApplyExport(Export("a1", "joe@contoso.com") with { DisplayName = "Joe Moved" }, Now);
        Assert.False(loaded.KeysChanged);
        loaded.TakeUpn("joseph@contoso.com");
        Assert.True(loaded.KeysChanged);
        // A copy for a plan still knows what the store holds.
        Assert.True(loaded.Clone().KeysChanged);
        loaded.TakeUpn("JOE@contoso.com");
        Assert.False(loaded.KeysChanged);
        loaded.TakeUpn("joseph@contoso.com");
        loaded.Saved();
        Assert.False(loaded.KeysChanged);
    }
}
