using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

public class BatchValidation
{
    private static IReadOnlyDictionary<string, string[]> ErrorsOf(params IncomingObject?[] objects) =>
        Assert.Throws<BatchValidationException>(() => BatchValidator.Validate(new SyncBatchRequest("delta", objects))).Errors;

    [Fact]
    public void A_missing_source_anchor_is_named_by_index_and_field()
    {
        var errors = ErrorsOf(Scenario.User("a1", "joe@contoso.com"), Scenario.User("a2", "ann@contoso.com") with { SourceAnchor = null });
        Assert.Equal(["objects[1].sourceAnchor"], errors.Keys);
    }

    [Theory]
    [InlineData("joe")]
    [InlineData("joe@@contoso.com")]
    [InlineData("jo e@contoso.com")]
    [InlineData(".joe@contoso.com")]
    [InlineData("joe@contoso")]
    public void An_invalid_upn_is_refused(string upn) =>
        Assert.Contains("objects[0].userPrincipalName", ErrorsOf(Scenario.User("a1", "x@contoso.com") with { UserPrincipalName = upn }).Keys);

    [Fact]
    public void The_same_source_anchor_twice_names_both_places()
    {
        var errors = ErrorsOf(Scenario.User("a1", "joe@contoso.com"), Scenario.User("a1", "ann@contoso.com"));
        Assert.Contains("objects[0]", errors["objects[1].sourceAnchor"].Single());
    }

    [Fact]
    public void A_ten_thousand_character_attribute_is_refused_with_its_length()
    {
        var errors = ErrorsOf(Scenario.User("a1", "joe@contoso.com") with { DisplayName = new string('x', 10_000) });
        Assert.Contains("10000 characters", errors["objects[0].displayName"].Single());
    }

    [Fact]
    public void A_hundred_thousand_proxy_addresses_on_one_object_are_refused()
    {
        var proxies = Enumerable.Range(0, 100_000).Select(i => $"smtp:u{i}@contoso.com").ToArray();
        var errors = ErrorsOf(Scenario.User("a1", "joe@contoso.com") with { ProxyAddresses = proxies });
        Assert.Contains("100000 values", errors["objects[0].proxyAddresses"].Single());
    }

    [Fact]
    public void Proxy_addresses_must_be_well_formed_with_one_primary_and_no_repeats()
    {
        var errors = ErrorsOf(Scenario.User("a1", "joe@contoso.com") with
        {
            ProxyAddresses = ["SMTP:a@contoso.com", "SMTP:b@contoso.com", "nocolon", "smtp:A@contoso.com", "smtp:not an address", "X500:/o=Contoso/cn=a"],
        });
        Assert.Equal(["objects[0].proxyAddresses[1]", "objects[0].proxyAddresses[2]", "objects[0].proxyAddresses[3]", "objects[0].proxyAddresses[4]"],
            errors.Keys.Order());
    }

    [Fact]
    public void Unknown_object_types_modes_and_null_objects_are_refused()
    {
        var errors = Assert.Throws<BatchValidationException>(() => BatchValidator.Validate(new SyncBatchRequest("sometimes",
            [Scenario.User("a1", "joe@contoso.com") with { ObjectType = "printer" }, null]))).Errors;
        Assert.Equal(["mode", "objects[0].objectType", "objects[1]"], errors.Keys.Order());
    }

    [Fact]
    public void Only_users_carry_a_upn()
    {
        var errors = ErrorsOf(Scenario.Contact("c1", "x@fabrikam.net") with { UserPrincipalName = "x@contoso.com" });
        Assert.Contains("objects[0].userPrincipalName", errors.Keys);
    }

    [Fact]
    public void A_deleted_object_needs_only_its_type_and_anchor()
    {
        var batch = BatchValidator.Validate(new SyncBatchRequest("full", [Scenario.Deleted("a1")]));
        Assert.True(batch.Objects.Single().IsDeleted);
        Assert.Equal(SyncMode.Full, batch.Mode);
    }
}
