using System.Text;
using AdminPortal.ActiveDirectory.Csv;
using AdminPortal.ActiveDirectory.Ldif;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>Each csvde convention, the refusals naming their row, and one mapping whatever the file's format.</summary>
public class CsvdeReaderTests
{
    private static readonly Guid ObjectGuid = Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff");
    private static string Hex(Guid g) => "X'" + Convert.ToHexString(g.ToByteArray()).ToLowerInvariant() + "'";

    private static string Export => $"""
        DN,objectClass,cn,displayName,userPrincipalName,objectGUID,proxyAddresses,description
        "CN=Bloggs\, Joe,OU=Users,DC=contoso,DC=com",top;person;organizationalPerson;user,"Bloggs, Joe","Bloggs; Joe",joe@contoso.com,{Hex(ObjectGuid)},SMTP:joe@contoso.com;smtp:jb@contoso.com,
        "CN=Sales,OU=Groups,DC=contoso,DC=com",top;group,Sales,,,{Hex(Guid.NewGuid())},,"A ""quoted"" word"

        """;

    private static async Task<List<DirectoryEntry>> ReadAsync(byte[] bytes)
    {
        var entries = new List<DirectoryEntry>();
        await foreach (var e in CsvdeReader.ReadAsync(new MemoryStream(bytes))) entries.Add(e);
        return entries;
    }

    private static Task<List<DirectoryEntry>> ReadAsync(string text) => ReadAsync(Encoding.UTF8.GetBytes(text));

    private static async Task<string> RefusedAsync(string text) => (await Assert.ThrowsAsync<CsvdeFormatException>(() => ReadAsync(text))).Message;

    [Fact]
    public async Task A_csvde_export_reads_row_by_row_quoting_multi_values_binary_and_absent_values()
    {
        var entries = await ReadAsync(Export);
        var joe = entries[0];
        Assert.Equal(("CN=Bloggs\\, Joe,OU=Users,DC=contoso,DC=com", 2), (joe.Dn, joe.Line));
        Assert.Equal(["top", "person", "organizationalPerson", "user"], joe.All("objectClass"));
        Assert.Equal(["SMTP:joe@contoso.com", "smtp:jb@contoso.com"], joe.All("proxyAddresses"));
        // A single-valued attribute keeps its own ';' and ','.
        Assert.Equal(("Bloggs, Joe", "Bloggs; Joe"), (joe.First("cn"), joe.First("displayName")));
        Assert.Equal(ObjectGuid.ToByteArray(), joe.Values("objectGUID")[0].Bytes);
        Assert.Equal(0, joe.Values("description").Count);
        Assert.Equal("A \"quoted\" word", entries[1].First("description"));
        Assert.Equal(0, entries[1].Values("displayName").Count);
    }

    [Fact]
    public async Task Utf8_with_or_without_bom_and_utf16_with_its_bom_read_alike()
    {
        var plain = await ReadAsync(Encoding.UTF8.GetBytes(Export.Replace("Joe", "Zoë")));
        var bom = await ReadAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Export.Replace("Joe", "Zoë"))]);
        var utf16 = await ReadAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Export.Replace("Joe", "Zoë"))]);
        foreach (var other in new[] { bom, utf16 })
            Assert.Equal(plain.Select(e => (e.Dn, e.First("displayName"))), other.Select(e => (e.Dn, e.First("displayName"))));
        Assert.Equal("Bloggs; Zoë", utf16[0].First("displayName"));
    }

    [Fact]
    public async Task An_entry_maps_the_same_from_csv_as_from_ldif()
    {
        var fromCsv = EntryMapping.Map((await ReadAsync(Export))[0]).Object!;
        var ldif = $"""
            dn: CN=Bloggs\, Joe,OU=Users,DC=contoso,DC=com
            objectClass: top
            objectClass: person
            objectClass: organizationalPerson
            objectClass: user
            cn: Bloggs, Joe
            displayName: Bloggs; Joe
            userPrincipalName: joe@contoso.com
            objectGUID:: {Convert.ToBase64String(ObjectGuid.ToByteArray())}
            proxyAddresses: SMTP:joe@contoso.com
            proxyAddresses: smtp:jb@contoso.com
            """;
        DirectoryEntry? entry = null;
        await foreach (var e in LdifReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(ldif)))) entry = e;
        var fromLdif = EntryMapping.Map(entry!).Object!;
        Assert.Equal(fromLdif with { ProxyAddresses = null }, fromCsv with { ProxyAddresses = null });
        Assert.Equal(fromLdif.ProxyAddresses, fromCsv.ProxyAddresses);
    }

    [Theory]
    [InlineData("cn,DN\nx,CN=A\n", "row 1: The header must start with DN")]
    [InlineData("DN,cn,CN\nCN=A,a,b\n", "row 1: The header names 'cn' twice.")]
    [InlineData("DN,cn\nCN=A,a\nCN=B,b,extra\n", "row 3: It has 3 fields; the header names 2.")]
    [InlineData("DN,cn\nCN=A,a\n,b\n", "row 3: Its DN is empty.")]
    [InlineData("DN,objectGUID\nCN=A,X'zz'\n", "row 2: The binary value of 'objectGUID' is not X'hex'.")]
    public async Task What_csvde_never_writes_is_refused_naming_its_row(string text, string message)
    {
        Assert.StartsWith(message, await RefusedAsync(text));
    }

    [Fact]
    public async Task A_row_too_long_and_a_file_that_is_not_text_are_refused_not_buffered()
    {
        Assert.Contains("longer than", await RefusedAsync("DN,cn\nCN=A," + new string('x', CsvdeReader.MaxRowCharacters + 10) + "\n"));
        var notText = await Assert.ThrowsAsync<CsvdeFormatException>(() => ReadAsync([.. Encoding.ASCII.GetBytes("DN,cn\nCN=A,Zo"), 0xEB, (byte)'\n']));
        Assert.Contains("neither UTF-8 nor UTF-16", notText.Message);
    }
}
