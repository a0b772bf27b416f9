using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.SyncRules.Tests;

/// <summary>
/// A synced holder is never a soft-match target, whatever its type (issue: cross-type duplicates). With
/// DuplicateProxyAddressResiliency on, the incoming object of another type is provisioned and the address quarantined;
/// off, AttributeValueMustBeUnique. ObjectTypeMismatch stays for cloud-only candidates of another type.
/// </summary>
public class CrossTypeDuplicates
{
    public static TheoryData<string, string> Pairs() => new()
    {
        { "user", "group" }, { "user", "contact" }, { "group", "user" }, { "group", "contact" }, { "contact", "user" }, { "contact", "group" },
    };

    private static IncomingObject Of(string type, string anchor, string smtp) => type switch
    {
        "user" => Scenario.User(anchor, $"{anchor}@contoso.com", smtp),
        "group" => Scenario.Group(anchor, smtp),
        _ => Scenario.Contact(anchor, smtp),
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void With_resiliency_on_the_newcomer_of_another_type_is_provisioned_and_the_address_quarantined(string holderType, string incomingType)
    {
        var s = new Scenario();
        var holder = s.SyncOne(Of(holderType, "h1", "shared@contoso.com")).ObjectId!.Value;
        var result = s.SyncOne(Of(incomingType, "n1", "shared@contoso.com"));

        Assert.Equal(ObjectOutcome.Created, result.Outcome);
        Assert.Empty(result.Errors);
        Assert.Contains(result.Quarantined, q => q.Value.Equals("SMTP:shared@contoso.com", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("SMTP:shared@contoso.com", s.Object(holder).ProxyAddresses.Single().Value);
        var step = s.Store.MatchRecords.Last().Steps.Single(x => x.Rule == MatchRule.SoftMatchSmtp);
        Assert.Contains($"is a {holderType}, not a {incomingType}", step.Candidates.Single().Reason);
        Assert.Contains("quarantined", step.Candidates.Single().Reason);
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void With_resiliency_off_the_address_must_be_unique(string holderType, string incomingType)
    {
        var s = new Scenario(Scenario.TenantOf2015);
        s.SyncOne(Of(holderType, "h1", "shared@contoso.com"));
        var result = s.SyncOne(Of(incomingType, "n1", "shared@contoso.com"));
        Assert.Equal(ObjectOutcome.Failed, result.Outcome);
        Assert.Equal(SyncErrorCodes.AttributeValueMustBeUnique, result.Errors.Single().Code);
    }

    [Fact]
    public void A_cloud_only_candidate_of_another_type_still_gives_ObjectTypeMismatch()
    {
        var s = new Scenario();
        s.Cloud(ObjectType.Group, "Sales", smtp: "sales@contoso.com");
        Assert.Equal(SyncErrorCodes.ObjectTypeMismatch, s.SyncOne(Scenario.Contact("c1", "sales@contoso.com")).Errors.Single().Code);
    }
}
