using System.Text;
using AdminPortal.ActiveDirectory.Ldif;
using AdminPortal.ActiveDirectory.Preflight;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>Accepted fixes: applied to the entries as they are read again, and written as the LDIF change files ldifde -i applies.</summary>
public class ChangeFileTests
{
    private const string Export = """
        dn: CN=Joe,OU=Staff,DC=contoso,DC=com
        objectClass: user
        cn: Joe
        userPrincipalName: joe bloggs@contoso.com
        proxyAddresses: SMTP:joe@contoso.com
        proxyAddresses: smtp:joe:b@contoso.com

        dn:: Q049SsO2cmcsT1U9U3RhZmYsREM9Y29udG9zbyxEQz1jb20=
        objectClass: user
        cn:: SsO2cmc=

        dn: CN=Ann,OU=Staff,DC=contoso,DC=com
        objectClass: user
        cn: Ann
        userPrincipalName: ann@contoso.com

        """;

    private static MemoryStream File() => new(Encoding.UTF8.GetBytes(Export));

    private static readonly AcceptedFixes Fixes = new([
        new AcceptedFix("CN=Joe,OU=Staff,DC=contoso,DC=com", "userPrincipalName", "joe bloggs@contoso.com", "joebloggs@contoso.com"),
        new AcceptedFix("CN=Joe,OU=Staff,DC=contoso,DC=com", "proxyAddresses", "smtp:joe:b@contoso.com", "smtp:joeb@contoso.com"),
        new AcceptedFix("CN=Jörg,OU=Staff,DC=contoso,DC=com", "displayName", "", "Jörg Müller "),
    ]);

    private static async Task<(string Apply, string Undo)> WriteAsync()
    {
        var (apply, undo) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, await LdifChangeFile.WriteAsync(File(), ExportFormat.Ldif, Fixes, apply, undo));
        return (apply.ToString(), undo.ToString());
    }

    [Fact]
    public async Task Each_fixed_object_is_one_modify_entry_replacing_every_value_of_each_fixed_attribute()
    {
        var (apply, _) = await WriteAsync();
        Assert.Contains("""
            dn: CN=Joe,OU=Staff,DC=contoso,DC=com
            changetype: modify
            replace: userPrincipalName
            userPrincipalName: joebloggs@contoso.com
            -
            replace: proxyAddresses
            proxyAddresses: SMTP:joe@contoso.com
            proxyAddresses: smtp:joeb@contoso.com
            -
            """.ReplaceLineEndings("\n"), apply);
        Assert.DoesNotContain("CN=Ann", apply);
        // Records only: ldbmodify (and ldifde) take a file that starts with its first dn.
        Assert.StartsWith("dn: CN=Joe,", apply);
    }

    [Fact]
    public async Task Non_ascii_names_and_values_and_a_trailing_space_go_in_base64_as_rfc_2849_wants()
    {
        var (apply, undo) = await WriteAsync();
        Assert.Contains("dn:: " + Convert.ToBase64String(Encoding.UTF8.GetBytes("CN=Jörg,OU=Staff,DC=contoso,DC=com")) + "\n", apply);
        Assert.Contains("displayName:: " + Convert.ToBase64String(Encoding.UTF8.GetBytes("Jörg Müller ")) + "\n", apply);
        // Undoing a value added where there was none removes the attribute again.
        Assert.Contains("replace: displayName\n-\n", undo);
    }

    [Fact]
    public async Task The_undo_file_puts_back_the_values_of_the_export()
    {
        var (_, undo) = await WriteAsync();
        Assert.Contains("userPrincipalName: joe bloggs@contoso.com\n", undo);
        Assert.Contains("proxyAddresses: SMTP:joe@contoso.com\nproxyAddresses: smtp:joe:b@contoso.com\n-\n", undo);
    }

    [Fact]
    public async Task The_fixes_applied_to_the_export_as_it_is_read_again_change_only_the_values_they_name()
    {
        var entries = new List<DirectoryEntry>();
        await foreach (var e in LdifReader.ReadAsync(File())) entries.Add(Fixes.Apply(e));
        Assert.Equal("joebloggs@contoso.com", entries[0].First("userPrincipalName"));
        Assert.Equal(["SMTP:joe@contoso.com", "smtp:joeb@contoso.com"], entries[0].All("proxyAddresses"));
        Assert.Equal("Jörg Müller ", entries[1].First("displayName"));
        Assert.Equal("ann@contoso.com", entries[2].First("userPrincipalName"));
    }

    /// <summary>The replaces of a change file, made to entries in memory as a directory would make them.</summary>
    private static async Task<Dictionary<string, Dictionary<string, List<string>>>> ApplyAsync(string changeFile, Dictionary<string, Dictionary<string, List<string>>> directory)
    {
        await foreach (var change in LdifChangeReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(changeFile))))
            foreach (var m in change.Modifications)
            {
                Assert.Equal("replace", m.Operation);
                if (m.Values.Count == 0) directory[change.Dn].Remove(m.Attribute);
                else directory[change.Dn][m.Attribute] = m.Values.Select(v => v.Text).ToList();
            }
        return directory;
    }

    private static async Task<Dictionary<string, Dictionary<string, List<string>>>> DirectoryAsync()
    {
        var directory = new Dictionary<string, Dictionary<string, List<string>>>();
        await foreach (var e in LdifReader.ReadAsync(File()))
            directory[e.Dn] = e.Names.ToDictionary(name => name, e.All, StringComparer.OrdinalIgnoreCase);
        return directory;
    }

    [Fact]
    public async Task The_change_file_read_back_by_the_ldif_reader_gives_the_accepted_values_and_the_undo_file_the_old_ones()
    {
        var (apply, undo) = await WriteAsync();
        var changed = await ApplyAsync(apply, await DirectoryAsync());
        Assert.Equal(["joebloggs@contoso.com"], changed["CN=Joe,OU=Staff,DC=contoso,DC=com"]["userPrincipalName"]);
        Assert.Equal(["SMTP:joe@contoso.com", "smtp:joeb@contoso.com"], changed["CN=Joe,OU=Staff,DC=contoso,DC=com"]["proxyAddresses"]);
        Assert.Equal(["Jörg Müller "], changed["CN=Jörg,OU=Staff,DC=contoso,DC=com"]["displayName"]);

        var restored = await ApplyAsync(undo, changed);
        var original = await DirectoryAsync();
        foreach (var (dn, attributes) in original)
            Assert.Equal(attributes.OrderBy(a => a.Key).Select(a => $"{a.Key}={string.Join("|", a.Value)}"),
                restored[dn].OrderBy(a => a.Key).Select(a => $"{a.Key}={string.Join("|", a.Value)}"));
    }

    [Theory]
    [InlineData("dn: CN=A,DC=c\nchangetype: add\ncn: A\n", "line 2")]
    [InlineData("dn: CN=A,DC=c\nchangetype: modify\nreplace: cn\ncn: B\n", "not ended with '-'")]
    [InlineData("dn: CN=A,DC=c\nchangetype: modify\nrename: cn\n-\n", "not a modification")]
    [InlineData("dn: CN=A,DC=c\nchangetype: modify\nreplace: cn\nsn: B\n-\n", "line 4")]
    public async Task A_change_file_that_is_not_one_is_refused_naming_the_line(string text, string expected)
    {
        var refused = await Assert.ThrowsAsync<LdifFormatException>(async () =>
        {
            await foreach (var _ in LdifChangeReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)))) { }
        });
        Assert.Contains(expected, refused.Message);
    }
}
