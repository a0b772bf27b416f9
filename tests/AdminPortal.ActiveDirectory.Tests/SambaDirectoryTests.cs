using System.Text;
using AdminPortal.ActiveDirectory.Ldap;
using AdminPortal.ActiveDirectory.Ldif;
using AdminPortal.ActiveDirectory.Preflight;
using AdminPortal.TestSupport;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>
/// Active Directory read live over LDAPS from a real Samba domain controller (one per class), through the same mapping
/// as an export file; the pre-flight's change file applied to it with ldbmodify.
/// </summary>
public class SambaDirectoryTests(SambaDomainController dc) : IClassFixture<SambaDomainController>
{
    private DirectoryConnection Connection(string baseDn, string? trusted = "", string? password = null, Uri? url = null, string? filter = null) =>
        new(url ?? dc.LdapsUrl, SambaDomainController.AdminUser, password ?? SambaDomainController.AdminPassword, baseDn,
            trusted == "" ? dc.CaCertificate : trusted, filter);

    /// <summary>An OU of the test's own, so tests sharing the controller do not see each other's objects.</summary>
    private string NewOu()
    {
        var ou = $"OU=T{Guid.NewGuid():N},{SambaDomainController.BaseDn}";
        dc.Add($"dn: {ou}\nobjectClass: organizationalUnit\n");
        return ou;
    }

    private static string User(string ou, string cn, string attributes = "") =>
        $"dn: CN={cn},{ou}\nobjectClass: user\nsAMAccountName: {cn.Replace(" ", "")[..Math.Min(cn.Replace(" ", "").Length, 15)]}\n{attributes}\n";

    private List<MappedEntry> Read(DirectoryConnection connection, int pageSize = 500)
    {
        using var directory = LdapDirectory.Connect(connection);
        return directory.ReadObjects(pageSize).Select(EntryMapping.Map).ToList();
    }

    [Fact]
    public void Users_groups_and_contacts_are_read_over_ldaps_and_mapped_as_an_export_maps_them()
    {
        var ou = NewOu();
        dc.Add(string.Join("\n",
            User(ou, "Jorg", "displayName:: " + Convert.ToBase64String(Encoding.UTF8.GetBytes("Jörg Müller")) + "\nuserPrincipalName: jorg@adminportal.test\n" +
                "mail: jorg@adminportal.test\nproxyAddresses: SMTP:jorg@adminportal.test\nproxyAddresses: smtp:jm@adminportal.test"),
            $"dn: CN=Sales,{ou}\nobjectClass: group\nmail: sales@adminportal.test\nproxyAddresses: SMTP:sales@adminportal.test\n",
            $"dn: CN=Vendor,{ou}\nobjectClass: contact\nmail: vendor@fabrikam.com\n"));

        var mapped = Read(Connection(ou)).ToDictionary(m => m.Entry.Dn[3..m.Entry.Dn.IndexOf(',')]);
        var jorg = mapped["Jorg"].Object!;
        Assert.Equal(("user", "Jörg Müller", "jorg@adminportal.test"), (jorg.ObjectType, jorg.DisplayName, jorg.UserPrincipalName));
        Assert.Equal(["SMTP:jorg@adminportal.test", "smtp:jm@adminportal.test"], jorg.ProxyAddresses!.Order(StringComparer.Ordinal));
        // The anchor is the objectGUID's own 16 bytes, as the directory stores them.
        Assert.Equal(16, Convert.FromBase64String(jorg.SourceAnchor!).Length);
        Assert.Equal($"CN=Jorg,{ou}", jorg.OnPremisesDistinguishedName);
        Assert.Equal(("group", true), (mapped["Sales"].Object!.ObjectType, mapped["Sales"].Object!.MailEnabled!.Value));
        Assert.Equal("contact", mapped["Vendor"].Object!.ObjectType);
    }

    [Fact]
    public void The_system_accounts_are_skipped_with_their_reasons()
    {
        var mapped = Read(Connection($"CN=Users,{SambaDomainController.BaseDn}"));
        Assert.Contains("critical system object", mapped.Single(m => m.Entry.Dn.StartsWith("CN=Administrator,")).SkippedBecause);
        Assert.NotNull(mapped.Single(m => m.Entry.Dn.StartsWith("CN=krbtgt,")).SkippedBecause);
    }

    [Fact]
    public void A_directory_larger_than_a_page_is_read_whole_in_pages()
    {
        var ou = NewOu();
        dc.Add(string.Join("\n", Enumerable.Range(0, 1_200).Select(i => User(ou, $"u{i:D4}", $"userPrincipalName: u{i:D4}@adminportal.test"))));
        var mapped = Read(Connection(ou), pageSize: 250);
        Assert.Equal(1_200, mapped.Count);
        Assert.Equal(1_200, mapped.Select(m => m.Object!.SourceAnchor).Distinct().Count());
    }

    [Fact]
    public void A_filter_scopes_what_is_read()
    {
        var ou = NewOu();
        dc.Add(User(ou, "InScope", "mail: in@adminportal.test\nuserPrincipalName: in@adminportal.test") + "\n" + User(ou, "OutOfScope", "userPrincipalName: out@adminportal.test"));
        Assert.Equal(["CN=InScope," + ou], Read(Connection(ou, filter: "(mail=*)")).Select(m => m.Entry.Dn));
    }

    [Fact]
    public void A_wrong_password_is_one_line_that_says_so()
    {
        var refused = Assert.Throws<DirectoryUnavailableException>(() => LdapDirectory.Connect(Connection(SambaDomainController.BaseDn, password: "wrong")));
        Assert.Contains("invalid credentials", refused.Message);
        Assert.DoesNotContain("\n", refused.Message);
    }

    [Fact]
    public void A_certificate_from_a_ca_nobody_trusts_is_refused()
    {
        // A CA, but not the one that issued the controller's certificate.
        var other = Path.GetTempFileName();
        try
        {
            File.WriteAllText(other, TestCertificates.SelfSignedCa("CN=Some other CA").ExportCertificatePem());
            var refused = Assert.Throws<DirectoryUnavailableException>(() => LdapDirectory.Connect(Connection(SambaDomainController.BaseDn, trusted: other)));
            Assert.Contains("not trusted", refused.Message);
        }
        finally { File.Delete(other); }
    }

    [Fact]
    public void A_controller_that_is_down_is_refused_in_one_line()
    {
        var down = Assert.Throws<DirectoryUnavailableException>(() => LdapDirectory.Connect(Connection(SambaDomainController.BaseDn, url: new Uri($"ldaps://127.0.0.1:{Loopback.FreePort()}"))));
        Assert.Contains("cannot be reached", down.Message);
        Assert.DoesNotContain("\n", down.Message);
    }

    [Fact]
    public void Ldap_on_389_is_upgraded_with_starttls_and_the_certificate_verified()
    {
        var ou = NewOu();
        dc.Add(User(ou, "OverStartTls", "userPrincipalName: starttls@adminportal.test"));
        var plainPort = new Uri($"ldap://{dc.Address}:389");
        // Samba refuses a simple bind on a connection without TLS (next test): this read proves the bind went over TLS.
        Assert.Equal(["starttls@adminportal.test"], Read(Connection(ou, url: plainPort)).Select(m => m.Object!.UserPrincipalName));

        var other = Path.GetTempFileName();
        try
        {
            File.WriteAllText(other, TestCertificates.SelfSignedCa("CN=Some other CA").ExportCertificatePem());
            var refused = Assert.Throws<DirectoryUnavailableException>(() => LdapDirectory.Connect(Connection(ou, trusted: other, url: plainPort)));
            Assert.Contains("did not upgrade to TLS with StartTLS", refused.Message);
        }
        finally { File.Delete(other); }
    }

    [Fact]
    public void Plain_ldap_is_used_only_when_allowed_and_then_no_password_is_sent_over_tls()
    {
        // Allowed explicitly: no StartTLS. Samba, as AD does by default, refuses a simple bind on a connection without
        // TLS — which shows the connection really was plain.
        var plain = Connection(SambaDomainController.BaseDn, url: new Uri($"ldap://{dc.Address}:389")) with { AllowUnencrypted = true };
        var refused = Assert.Throws<DirectoryUnavailableException>(() => LdapDirectory.Connect(plain));
        Assert.Contains("Strong", refused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_preflights_change_file_applied_with_ldbmodify_gives_the_accepted_values_and_the_undo_file_the_old_ones()
    {
        var ou = NewOu();
        dc.Add(User(ou, "Sam Shared", "userPrincipalName: sam shared@adminportal.test\nproxyAddresses: SMTP:sam@adminportal.test\nproxyAddresses: smtp:sam:x@adminportal.test"));
        var export = $"dn: CN=Sam Shared,{ou}\nobjectClass: user\ncn: Sam Shared\nuserPrincipalName: sam shared@adminportal.test\n" +
                     "proxyAddresses: SMTP:sam@adminportal.test\nproxyAddresses: smtp:sam:x@adminportal.test\n";
        var fixes = new AcceptedFixes([
            new AcceptedFix($"CN=Sam Shared,{ou}", "userPrincipalName", "sam shared@adminportal.test", "samshared@adminportal.test"),
            new AcceptedFix($"CN=Sam Shared,{ou}", "proxyAddresses", "smtp:sam:x@adminportal.test", "smtp:samx@adminportal.test"),
        ]);
        var (apply, undo) = (new StringWriter(), new StringWriter());
        await LdifChangeFile.WriteAsync(new MemoryStream(Encoding.UTF8.GetBytes(export)), ExportFormat.Ldif, fixes, apply, undo);

        dc.Modify(apply.ToString());
        var fixedUp = Read(Connection(ou)).Single().Object!;
        Assert.Equal("samshared@adminportal.test", fixedUp.UserPrincipalName);
        Assert.Equal(["SMTP:sam@adminportal.test", "smtp:samx@adminportal.test"], fixedUp.ProxyAddresses!.Order(StringComparer.Ordinal));

        dc.Modify(undo.ToString());
        var restored = Read(Connection(ou)).Single().Object!;
        Assert.Equal("sam shared@adminportal.test", restored.UserPrincipalName);
        Assert.Equal(["SMTP:sam@adminportal.test", "smtp:sam:x@adminportal.test"], restored.ProxyAddresses!.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Changes_since_a_position_are_read_changed_moved_and_deleted_objects_alike()
    {
        var (ou, elsewhere) = (NewOu(), NewOu());
        dc.Add(string.Join("\n", User(ou, "Stays", "userPrincipalName: stays@adminportal.test"), User(ou, "Changes", "userPrincipalName: changes@adminportal.test"),
            User(ou, "Moves", "userPrincipalName: moves@adminportal.test"), User(ou, "Goes", "userPrincipalName: goes@adminportal.test")));
        using var directory = LdapDirectory.Connect(Connection(ou));
        var before = directory.ReadPosition();
        var guids = directory.ReadObjects().ToDictionary(e => e.Dn[3..e.Dn.IndexOf(',')], e => new Guid(e.Values("objectGUID")[0].Bytes));

        dc.Modify($"dn: CN=Changes,{ou}\nchangetype: modify\nreplace: userPrincipalName\nuserPrincipalName: changed@adminportal.test\n");
        dc.Rename($"CN=Moves,{ou}", $"CN=Moves,{elsewhere}");
        dc.Delete($"CN=Goes,{ou}");

        var after = directory.ReadPosition();
        Assert.Equal(before.InvocationId, after.InvocationId);
        Assert.True(after.Usn > before.Usn);
        Assert.Equal(["CN=Changes," + ou], directory.ReadObjects(changedAfter: before.Usn).Select(e => e.Dn));
        var anywhere = directory.ReadChangedAnywhere(after, before.Usn).ToHashSet();
        Assert.Contains(guids["Moves"], anywhere);
        Assert.DoesNotContain(guids["Stays"], anywhere);
        Assert.Equal([guids["Goes"]], directory.ReadDeleted(after, before.Usn));
        Assert.Empty(directory.ReadObjects(changedAfter: after.Usn));
    }
}
