using System.Text;
using AdminPortal.ActiveDirectory.Checks;
using AdminPortal.ActiveDirectory.Ldif;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>IdFix's multi-tenant rules, attribute by attribute and class by class, with the value IdFix would propose.</summary>
public class IdFixChecksTests
{
    private static string Entry(string cn, string attributes, string objectClass = "user") => $"""
        dn: CN={cn},OU=Staff,DC=contoso,DC=com
        objectClass: top
        objectClass: {objectClass}
        cn: {cn}
        displayName: {cn}
        {attributes}

        """;

    private static async Task<List<Finding>> CheckAsync(params string[] entries)
    {
        var checks = new IdFixChecks();
        var findings = new List<Finding>();
        var ldif = string.Join("\n", entries);
        await foreach (var entry in LdifReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(ldif))))
            findings.AddRange(checks.Check(entry, entry.All("objectClass").Last()));
        return findings;
    }

    private static async Task<List<(string Attribute, FindingError Error, string? Suggestion)>> OneAsync(string attributes, string objectClass = "user") =>
        (await CheckAsync(Entry("Joe", attributes, objectClass))).Select(f => (f.Attribute, f.Error, f.Suggestion)).ToList();

    [Fact]
    public async Task A_clean_user_has_no_findings() =>
        Assert.Empty(await OneAsync("userPrincipalName: joe@contoso.com\nmail: joe@contoso.com\nmailNickname: joe\nsAMAccountName: joe\nproxyAddresses: SMTP:joe@contoso.com\nproxyAddresses: X500:/o=Contoso/ou=Exchange/cn=Recipients/cn=Joe Bloggs"));

    [Fact]
    public async Task A_upn_under_a_non_routable_suffix_is_a_top_level_domain_error_without_a_proposal() =>
        Assert.Equal([("userPrincipalName", FindingError.TopLevelDomain, null)], await OneAsync("userPrincipalName: joe@contoso.local"));

    [Fact]
    public async Task Characters_a_upn_may_not_hold_are_removed_from_the_proposal() =>
        Assert.Equal([("userPrincipalName", FindingError.Character, "joebloggs@contoso.com")], await OneAsync("userPrincipalName: joe (bloggs)@contoso.com"));

    [Fact]
    public async Task Umlauts_in_a_upn_are_characters_idfix_refuses() =>
        Assert.Equal([("userPrincipalName", FindingError.Character, "jrg@contoso.com")], await OneAsync("userPrincipalName:: " + Convert.ToBase64String(Encoding.UTF8.GetBytes("jörg@contoso.com"))));

    [Fact]
    public async Task A_second_at_sign_is_a_local_part_error_and_the_proposal_keeps_one() =>
        Assert.Equal([("userPrincipalName", FindingError.LocalPart, "joe@contoso.com")], await OneAsync("userPrincipalName: joe@@contoso.com"));

    [Fact]
    public async Task A_domain_without_a_suffix_is_a_domain_part_and_format_error() =>
        Assert.Equal([("userPrincipalName", FindingError.Format, null), ("userPrincipalName", FindingError.DomainPart, null)],
            (await OneAsync("userPrincipalName: joe@contoso")).OrderBy(f => f.Error).ToList());

    [Fact]
    public async Task Bad_characters_in_the_domain_part_are_removed_from_the_proposal() =>
        Assert.Equal([("userPrincipalName", FindingError.DomainPart, "joe@contoso.com")], await OneAsync("userPrincipalName: joe@con_toso.com"));

    [Fact]
    public async Task A_upn_longer_than_113_characters_is_cut_in_the_proposal()
    {
        var upn = new string('a', 100) + "@contoso.com.au";
        var findings = await OneAsync("userPrincipalName: " + upn);
        // The cut leaves "@contoso" without its suffix, which the address rules after it then report: IdFix's chain.
        Assert.Equal([FindingError.Format, FindingError.DomainPart, FindingError.Length], findings.Select(f => f.Error).Order());
        Assert.All(findings, f => Assert.Equal(upn[..113], f.Suggestion));
    }

    [Fact]
    public async Task A_missing_display_name_is_blank_and_the_cn_is_proposed()
    {
        var findings = await CheckAsync("dn: CN=Ann,DC=contoso,DC=com\nobjectClass: user\ncn: Ann\nuserPrincipalName: ann@contoso.com\n");
        var blank = Assert.Single(findings);
        Assert.Equal(("displayName", FindingError.Blank, "Ann", 1), (blank.Attribute, blank.Error, blank.Suggestion, blank.Line));
    }

    [Fact]
    public async Task Lengths_follow_idfix_per_attribute()
    {
        Assert.Equal([("givenName", FindingError.Length, new string('g', 63))], await OneAsync("givenName: " + new string('g', 64)));
        Assert.Equal([("mail", FindingError.Length, new string('m', 256))], await OneAsync("mail: " + new string('m', 257)));
        Assert.Equal([("mailNickname", FindingError.Length, new string('n', 64))], await OneAsync("mailNickname: " + new string('n', 65)));
        Assert.Equal([("displayName", FindingError.Length, new string('d', 255))], (await CheckAsync(
            $"dn: CN=D,DC=contoso,DC=com\nobjectClass: user\ncn: D\ndisplayName: {new string('d', 256)}\n")).Select(f => (f.Attribute, f.Error, f.Suggestion)).ToList());
    }

    [Fact]
    public async Task A_users_account_name_is_at_most_20_characters_a_groups_256() 
    {
        Assert.Equal([("sAMAccountName", FindingError.Length, new string('s', 20))], await OneAsync("sAMAccountName: " + new string('s', 21)));
        Assert.Empty(await OneAsync("sAMAccountName: " + new string('s', 21), "group"));
    }

    [Fact]
    public async Task Account_name_characters_are_removed() =>
        Assert.Equal([("sAMAccountName", FindingError.Character, "joeb")], await OneAsync("sAMAccountName: joe*b?"));

    [Fact]
    public async Task A_mail_nickname_may_not_start_with_a_period() =>
        Assert.Equal([("mailNickname", FindingError.Character, "joe")], await OneAsync("mailNickname: ..joe"));

    [Fact]
    public async Task A_colon_after_the_proxy_type_is_removed() =>
        Assert.Equal([("proxyAddresses", FindingError.Character, "smtp:joebloggs@contoso.com")], await OneAsync("proxyAddresses: smtp:joe:bloggs@contoso.com"));

    [Fact]
    public async Task Each_proxy_address_is_checked_by_its_type()
    {
        Assert.Equal([("proxyAddresses", FindingError.Character, "SMTP:joebloggs@contoso.com")], await OneAsync("proxyAddresses: SMTP:joe bloggs@contoso.com"));
        Assert.Equal([("proxyAddresses", FindingError.TopLevelDomain, null)], await OneAsync("proxyAddresses: smtp:joe@contoso.corp"));
        // X.500 addresses may hold spaces and semicolons, not brackets or quotes.
        Assert.Equal([("proxyAddresses", FindingError.Character, "X500:/o=Contoso/cn=Joe")], await OneAsync("proxyAddresses: X500:/o=Contoso/cn=[Joe]"));
        Assert.Equal([("proxyAddresses", FindingError.Character, "SIP:joe@contoso.com")], await OneAsync("proxyAddresses: SIP:joe <@contoso.com>"));
    }

    [Fact]
    public async Task A_target_address_is_checked_as_a_proxy_address_is() =>
        Assert.Equal([("targetAddress", FindingError.Character, "SMTP:joe@contoso.mail.onmicrosoft.com")], await OneAsync(@"targetAddress: SMTP:joe\@contoso.mail.onmicrosoft.com"));

    [Fact]
    public async Task A_value_held_twice_in_the_file_is_reported_on_both_holders_ignoring_case()
    {
        var findings = await CheckAsync(Entry("Ann", "mail: shared@contoso.com"), Entry("Bob", "mail: SHARED@contoso.com"), Entry("Cy", "mail: shared@Contoso.com"));
        Assert.All(findings, f => Assert.Equal((FindingError.Duplicate, "mail"), (f.Error, f.Attribute)));
        Assert.Equal(["CN=Ann,OU=Staff,DC=contoso,DC=com", "CN=Bob,OU=Staff,DC=contoso,DC=com", "CN=Cy,OU=Staff,DC=contoso,DC=com"],
            findings.Select(f => f.DistinguishedName).Order());
        Assert.Contains("CN=Ann,OU=Staff,DC=contoso,DC=com (line 1)", findings.Single(f => f.DistinguishedName.StartsWith("CN=Bob")).Message);
        Assert.Contains("CN=Bob", findings.Single(f => f.DistinguishedName.StartsWith("CN=Ann")).Message);
    }

    [Fact]
    public async Task Duplicates_are_per_attribute_and_account_names_only_count_without_a_upn()
    {
        Assert.Empty(await CheckAsync(Entry("Ann", "mail: joe@contoso.com"), Entry("Bob", "targetAddress: SMTP:x@contoso.com\nproxyAddresses: smtp:joe@contoso.com")));
        Assert.Empty(await CheckAsync(Entry("Ann", "sAMAccountName: joe\nuserPrincipalName: a@contoso.com"), Entry("Bob", "sAMAccountName: joe\nuserPrincipalName: b@contoso.com")));
        Assert.Equal(2, (await CheckAsync(Entry("Ann", "sAMAccountName: joe"), Entry("Bob", "sAMAccountName: joe"))).Count(f => f.Error == FindingError.Duplicate));
    }

    [Fact]
    public async Task Every_class_explains_itself_in_a_sentence()
    {
        foreach (var error in Enum.GetValues<FindingError>().Where(e => e is not FindingError.None and not FindingError.AdminPortal))
            Assert.Contains("mail", IdFixChecks.Explain(error, "mail", "64"));
    }

    [Fact]
    public void The_top_level_domains_are_the_internets()
    {
        Assert.True(TopLevelDomains.IsKnown("com"));
        Assert.True(TopLevelDomains.IsKnown("COM"));
        Assert.True(TopLevelDomains.IsKnown("xn--fiqs8s"));
        Assert.False(TopLevelDomains.IsKnown("local"));
        Assert.False(TopLevelDomains.IsKnown("corp"));
    }
}
