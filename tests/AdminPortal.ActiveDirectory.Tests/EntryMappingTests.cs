using System.Text;
using AdminPortal.ActiveDirectory.Ldif;
using AdminPortal.SyncRules.Sync;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>Entries mapped as Entra Connect maps them, read from LDIF as ldifde writes it; and the skip list, each with its reason.</summary>
public class EntryMappingTests
{
    private static readonly Guid ObjectGuid = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    private static readonly Guid ConsistencyGuid = Guid.Parse("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

    private static string B64(Guid g) => Convert.ToBase64String(g.ToByteArray());

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static async Task<MappedEntry> MapAsync(string ldif)
    {
        await foreach (var entry in LdifReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(ldif)))) return EntryMapping.Map(entry);
        throw new InvalidOperationException("no entry");
    }

    private static string User(string extra = "", string cn = "Joe Bloggs") => $"""
        dn: CN={cn},OU=Users,DC=contoso,DC=com
        changetype: add
        objectClass: top
        objectClass: person
        objectClass: organizationalPerson
        objectClass: user
        cn: {cn}
        sAMAccountName: jbloggs
        userPrincipalName: joe@contoso.com
        objectGUID:: {B64(ObjectGuid)}
        {extra}
        """;

    [Fact]
    public async Task A_user_maps_to_the_sync_apis_object_anchored_on_its_object_guid_bytes()
    {
        var mapped = (await MapAsync(User("proxyAddresses: SMTP:joe@contoso.com\nproxyAddresses: smtp:jb@contoso.com\nmail: joe@contoso.com\nmailNickname: joe"))).Object!;
        Assert.Equal(("user", B64(ObjectGuid), "Joe Bloggs", "joe@contoso.com", "joe@contoso.com", "joe"),
            (mapped.ObjectType, mapped.SourceAnchor, mapped.DisplayName, mapped.UserPrincipalName, mapped.Mail, mapped.MailNickname));
        Assert.Equal(["SMTP:joe@contoso.com", "smtp:jb@contoso.com"], mapped.ProxyAddresses!);
        Assert.Equal("CN=Joe Bloggs,OU=Users,DC=contoso,DC=com", mapped.OnPremisesDistinguishedName);
        // What the engine takes: the mapped object passes the sync API's own validation.
        Assert.Single(BatchValidator.Validate(new SyncBatchRequest("delta", [mapped])).Objects);
    }

    [Fact]
    public async Task The_consistency_guid_wins_over_the_object_guid_in_its_own_byte_order()
    {
        var mapped = (await MapAsync(User($"mS-DS-ConsistencyGuid:: {B64(ConsistencyGuid)}"))).Object!;
        Assert.Equal(B64(ConsistencyGuid), mapped.SourceAnchor);
        // The stored bytes, not the GUID's text: Connect's immutableId for this GUID.
        Assert.Equal(Convert.ToBase64String(ConsistencyGuid.ToByteArray()), mapped.SourceAnchor);
        Assert.NotEqual(Convert.ToBase64String(Encoding.ASCII.GetBytes(ConsistencyGuid.ToString())), mapped.SourceAnchor);
    }

    [Fact]
    public async Task A_base64_utf8_display_name_and_a_folded_dn_map_as_text()
    {
        var mapped = (await MapAsync($"""
            dn:: {B64("CN=Zoë Ünal,OU=Users,DC=contoso,DC=com")}
            objectClass: user
            displayName:: {B64("Zoë Ünal")}
            objectGUID:: {B64(ObjectGuid)}
            """)).Object!;
        Assert.Equal(("Zoë Ünal", "CN=Zoë Ünal,OU=Users,DC=contoso,DC=com"), (mapped.DisplayName, mapped.OnPremisesDistinguishedName));
        var folded = (await MapAsync($"dn: CN=A Very Long Name Indeed,OU=Sales and Marketing,OU=Europe,OU=Users,DC=contos\n o,DC=com\nobjectClass: contact\nobjectGUID:: {B64(ObjectGuid)}\n")).Object!;
        Assert.Equal("CN=A Very Long Name Indeed,OU=Sales and Marketing,OU=Europe,OU=Users,DC=contoso,DC=com", folded.OnPremisesDistinguishedName);
        Assert.Equal(("contact", "A Very Long Name Indeed", (string?)null), (folded.ObjectType, folded.DisplayName, folded.UserPrincipalName));
    }

    [Theory]
    [InlineData("proxyAddresses: SMTP:sales@contoso.com", true)]
    [InlineData("mail: sales@contoso.com", true)]
    [InlineData("description: no mail", false)]
    public async Task A_group_is_mail_enabled_when_it_has_mail_or_proxy_addresses(string extra, bool mailEnabled)
    {
        var mapped = (await MapAsync($"dn: CN=Sales,OU=Groups,DC=contoso,DC=com\nobjectClass: group\ncn: Sales\nobjectGUID:: {B64(ObjectGuid)}\n{extra}\n")).Object!;
        Assert.Equal(("group", mailEnabled), (mapped.ObjectType, mapped.MailEnabled));
    }

    [Theory]
    [InlineData("isCriticalSystemObject: TRUE", "Joe Bloggs", "A critical system object")]
    [InlineData("objectClass: computer", "Joe Bloggs", "A computer account.")]
    [InlineData("", "krbtgt", "A system account IdFix leaves out (cn starts with 'krbtgt').")]
    [InlineData("", "HealthMailbox0a1b2c3d", "A system account IdFix leaves out (cn starts with 'HealthMailbox').")]
    [InlineData("", "Guest", "A system account IdFix leaves out (cn starts with 'Guest').")]
    [InlineData("", "Joe\\0ACNF:6f9619ff-8b86-d011-b42d-00c04fc964ff", "A replication conflict object")]
    [InlineData("mailNickname: SystemMailbox{1f05a927}", "Joe Bloggs", "A system mailbox IdFix leaves out")]
    public async Task What_connect_and_idfix_leave_out_is_skipped_with_its_reason(string extra, string cn, string reason)
    {
        var mapped = await MapAsync(User(extra, cn));
        Assert.Null(mapped.Object);
        Assert.StartsWith(reason, mapped.SkippedBecause);
    }

    [Fact]
    public async Task Service_accounts_and_objects_of_other_classes_are_skipped_too()
    {
        Assert.StartsWith("A system account IdFix leaves out (sAMAccountName starts with 'MSOL_')",
            (await MapAsync(User().Replace("sAMAccountName: jbloggs", "sAMAccountName: MSOL_0123456789ab"))).SkippedBecause);
        Assert.Equal("A computer account.", (await MapAsync(User().Replace("sAMAccountName: jbloggs", "sAMAccountName: WS042$"))).SkippedBecause);
        Assert.Equal("Not a user, group or contact (objectClass top, organizationalUnit).",
            (await MapAsync("dn: OU=Users,DC=contoso,DC=com\nobjectClass: top\nobjectClass: organizationalUnit\n")).SkippedBecause);
        Assert.StartsWith("It has neither mS-DS-ConsistencyGuid nor objectGUID",
            (await MapAsync("dn: CN=X,DC=contoso,DC=com\nobjectClass: contact\n")).SkippedBecause);
    }
}
