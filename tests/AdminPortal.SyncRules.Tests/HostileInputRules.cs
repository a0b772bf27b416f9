using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Tests;

/// <summary>Input that once slipped through or crashed: each is refused with an error that names the field.</summary>
public class HostileInputRules
{
    private static IReadOnlyDictionary<string, string[]> ErrorsOf(string mode, params IncomingObject?[] objects) =>
        Assert.Throws<BatchValidationException>(() => BatchValidator.Validate(new SyncBatchRequest(mode, objects))).Errors;

    [Theory]
    [InlineData("delta,full")]
    [InlineData("Full, Delta")]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData(" delta")]
    [InlineData("delta ")]
    [InlineData("")]
    public void A_mode_is_one_documented_name_only(string mode)
    {
        var error = ErrorsOf(mode, Scenario.User("a1", "joe@contoso.com"))["mode"].Single();
        Assert.Contains("delta, full", error);
    }

    [Theory]
    [InlineData("DELTA", SyncMode.Delta)]
    [InlineData("Full", SyncMode.Full)]
    public void A_mode_may_differ_in_case(string mode, SyncMode expected) =>
        Assert.Equal(expected, BatchValidator.Validate(new SyncBatchRequest(mode, [Scenario.User("a1", "joe@contoso.com")])).Mode);

    [Theory]
    [InlineData("user,group")]
    [InlineData("1")]
    [InlineData("User ")]
    public void An_object_type_is_one_documented_name_only(string type)
    {
        var error = ErrorsOf("delta", Scenario.User("a1", "joe@contoso.com") with { ObjectType = type })["objects[0].objectType"].Single();
        Assert.Contains("user, group, contact", error);
    }

    [Theory]
    [InlineData("enabledForCount,enabledForPercentage")]
    [InlineData("3")]
    [InlineData("disabled ")]
    public void A_deletion_guard_type_is_one_documented_name_only(string text) =>
        Assert.False(EnumNames<DeletionPreventionType>.TryParse(text, out _));

    [Fact]
    public void More_than_a_thousand_bad_objects_and_then_one_without_a_display_name_are_all_refused_without_a_crash()
    {
        var objects = Enumerable.Range(0, 1001).Select(i => (IncomingObject?)(Scenario.User("a" + i, "x@contoso.com") with { UserPrincipalName = "bad upn" })).ToList();
        objects.Add(Scenario.User("last", "last@contoso.com") with { DisplayName = null });
        var refused = Assert.Throws<BatchValidationException>(() => BatchValidator.Validate(new SyncBatchRequest("delta", objects)));
        Assert.Equal(1000, refused.Errors.Values.Sum(v => v.Length));
    }

    public static TheoryData<string, Func<IncomingObject, IncomingObject>> Poisoned() => new()
    {
        { "displayName", o => o with { DisplayName = "Joe\u0000" } },
        { "displayName", o => o with { DisplayName = "Joe\ud800" } },
        { "displayName", o => o with { DisplayName = "Joe\u001b[31m" } },
        { "sourceAnchor", o => o with { SourceAnchor = "a\u0000" } },
        { "onPremisesDistinguishedName", o => o with { OnPremisesDistinguishedName = "CN=Joe\u0000" } },
        { "proxyAddresses[0]", o => o with { ProxyAddresses = ["X500:/o=Contoso\u0000"] } },
        { "proxyAddresses[0]", o => o with { ProxyAddresses = ["X500:/o=Contoso\udc00"] } },
        { "mailNickname", o => o with { MailNickname = "joe\u0000" } },
    };

    [Theory]
    [MemberData(nameof(Poisoned))]
    public void Control_characters_and_unpaired_surrogates_are_refused_in_every_attribute(string field, Func<IncomingObject, IncomingObject> poison) =>
        Assert.Contains($"objects[0].{field}", ErrorsOf("delta", poison(Scenario.User("a1", "joe@contoso.com"))).Keys);

    public static TheoryData<string, NewCloudObject> BadCloudObjects() => new()
    {
        { "displayName", new(ObjectType.User, new string('x', 50_000_000), "joe@contoso.com") },
        { "displayName", new(ObjectType.User, "Joe\u0007", "joe@contoso.com") },
        { "displayName", new(ObjectType.Contact, "   ") },
        { "mailNickname", new(ObjectType.User, "Joe", "joe@contoso.com", MailNickname: new string('j', 10_000_000)) },
        { "onPremisesImmutableId", new(ObjectType.User, "Joe", "joe@contoso.com", OnPremisesImmutableId: new string('i', 5000)) },
        { "onPremisesImmutableId", new(ObjectType.User, "Joe", "joe@contoso.com", OnPremisesImmutableId: "id\u0000") },
        { "userPrincipalName", new(ObjectType.User, "Joe", "joe\u0000@contoso.com") },
        { "proxyAddresses[0]", new(ObjectType.Group, "G", ProxyAddresses: ["X500:\u0000"]) },
    };

    [Theory]
    [MemberData(nameof(BadCloudObjects))]
    public async Task A_cloud_write_is_held_to_the_same_attribute_rules_as_a_sync_batch(string field, NewCloudObject request)
    {
        var s = new Scenario();
        var refused = await Assert.ThrowsAsync<InputValidationException>(() =>
            new CloudDirectoryService(s.Store, new TenantLocks(), s.Clock).CreateAsync(s.Tenant.Id, request, "alice", default));
        Assert.Contains(field, refused.Errors.Keys);
        Assert.Empty(s.Store.Objects);
    }

    [Fact]
    public async Task A_cloud_patch_is_held_to_the_same_rules()
    {
        var s = new Scenario();
        var cloud = new CloudDirectoryService(s.Store, new TenantLocks(), s.Clock);
        var user = await cloud.CreateAsync(s.Tenant.Id, new(ObjectType.User, "Joe", "joe@contoso.com"), "alice", default);
        var refused = await Assert.ThrowsAsync<InputValidationException>(() =>
            cloud.UpdateAsync(s.Tenant.Id, user.Id, new CloudObjectPatch(DisplayName: "x\u0000", MailNickname: new string('n', 65)), "alice", default));
        Assert.Equal(["displayName", "mailNickname"], refused.Errors.Keys.Order());
        Assert.Equal("Joe", s.Object(user.Id).DisplayName);
    }

    [Theory]
    [InlineData("Fix it at source.\nThen run fix-up.", null)]
    [InlineData("", "must say")]
    [InlineData("bell\u0007", "control characters")]
    public void A_note_may_span_lines_but_holds_no_other_control_characters(string note, string? problem)
    {
        if (problem is null) Assert.Null(AttributeRules.NoteProblem(note));
        else Assert.Contains(problem, AttributeRules.NoteProblem(note));
    }
}
