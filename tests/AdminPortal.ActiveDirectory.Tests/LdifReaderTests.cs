using System.Text;
using AdminPortal.ActiveDirectory.Ldif;

namespace AdminPortal.ActiveDirectory.Tests;

/// <summary>Every rule of RFC 2849 that ldifde's exports use, and the refusals, each naming its line.</summary>
public class LdifReaderTests
{
    private static async Task<List<DirectoryEntry>> ReadAsync(string text, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        return await ReadAsync(bytes);
    }

    private static async Task<List<DirectoryEntry>> ReadAsync(byte[] bytes)
    {
        var entries = new List<DirectoryEntry>();
        await foreach (var e in LdifReader.ReadAsync(new MemoryStream(bytes))) entries.Add(e);
        return entries;
    }

    private static async Task<LdifFormatException> RefusedAsync(string text) =>
        await Assert.ThrowsAsync<LdifFormatException>(() => ReadAsync(text));

    // As ldifde -f writes a user: blank line first, "changetype: add", binary values in base64, long lines folded.
    private const string Export = """

        dn: CN=Joe Bloggs,OU=Users,DC=contoso,DC=com
        changetype: add
        objectClass: top
        objectClass: person
        objectClass: organizationalPerson
        objectClass: user
        cn: Joe Bloggs
        userPrincipalName: joe@contoso.com
        objectGUID:: 3q2+78r+ur6+7wAAAAAAAA==
        proxyAddresses: SMTP:joe@contoso.com
        proxyAddresses: smtp:joe.bloggs@contoso.com
        description: A description long enough that ldifde folds it at seventy-eight c
         olumns onto a second line

        dn: CN=Sales,OU=Groups,DC=contoso,DC=com
        changetype: add
        objectClass: group
        mail: sales@contoso.com

        """;

    [Fact]
    public async Task An_export_reads_entry_by_entry_with_repeated_lines_as_values_in_order()
    {
        var entries = await ReadAsync(Export);
        Assert.Equal(["CN=Joe Bloggs,OU=Users,DC=contoso,DC=com", "CN=Sales,OU=Groups,DC=contoso,DC=com"], entries.Select(e => e.Dn));
        var joe = entries[0];
        Assert.Equal(2, joe.Line);
        Assert.Equal(["top", "person", "organizationalPerson", "user"], joe.All("objectClass"));
        Assert.Equal(["SMTP:joe@contoso.com", "smtp:joe.bloggs@contoso.com"], joe.All("proxyAddresses"));
        Assert.Equal("joe@contoso.com", joe.First("USERPRINCIPALNAME"));
        Assert.Equal(0, joe.Values("changetype").Count);
    }

    [Fact]
    public async Task A_folded_line_continues_without_its_leading_space()
    {
        var joe = (await ReadAsync(Export))[0];
        Assert.Equal("A description long enough that ldifde folds it at seventy-eight columns onto a second line", joe.First("description"));
    }

    [Fact]
    public async Task A_base64_value_keeps_its_bytes_exactly_and_reads_as_utf8_text()
    {
        var joe = (await ReadAsync(Export))[0];
        Assert.Equal(Convert.FromBase64String("3q2+78r+ur6+7wAAAAAAAA=="), joe.Values("objectGUID")[0].Bytes);
        var zoe = (await ReadAsync($"dn:: {Convert.ToBase64String(Encoding.UTF8.GetBytes("CN=Zoë,DC=contoso,DC=com"))}\ndisplayName:: {Convert.ToBase64String(Encoding.UTF8.GetBytes("Zoë Ünal"))}\n"))[0];
        Assert.Equal(("CN=Zoë,DC=contoso,DC=com", "Zoë Ünal"), (zoe.Dn, zoe.First("displayName")));
    }

    [Fact]
    public async Task Version_comments_and_folded_comments_are_skipped()
    {
        var entries = await ReadAsync("version: 1\n# exported by ldifde\n#  a comment folded\n  onto two lines\n\ndn: CN=A,DC=x\n# inside an entry\ncn: A\n");
        Assert.Equal("A", Assert.Single(entries).First("cn"));
        Assert.Equal("line 1: LDIF version '2' is not supported; only version 1 exists.", (await RefusedAsync("version: 2\n\ndn: CN=A,DC=x\n")).Message);
    }

    [Fact]
    public async Task Crlf_and_lf_and_a_byte_order_mark_read_alike()
    {
        var lf = await ReadAsync(Export);
        var crlf = await ReadAsync(Export.Replace("\n", "\r\n"), bom: true);
        Assert.Equal(lf.Select(e => (e.Dn, e.Line, e.First("description"))), crlf.Select(e => (e.Dn, e.Line, e.First("description"))));
    }

    [Fact]
    public async Task Entries_are_separated_by_any_number_of_blank_lines_and_an_empty_value_is_empty()
    {
        var entries = await ReadAsync("dn: CN=A,DC=x\ninfo:\n\n\n\ndn: CN=B,DC=x\ncn: B");
        Assert.Equal(["CN=A,DC=x", "CN=B,DC=x"], entries.Select(e => e.Dn));
        Assert.Equal("", entries[0].First("info"));
        Assert.Equal(6, entries[1].Line);
    }

    [Theory]
    [InlineData("dn: CN=A,DC=x\nchangetype: modify\nreplace: cn\n", "line 2: changetype 'modify' is a change")]
    [InlineData("cn: A\n", "line 1: An entry must start with 'dn:'")]
    [InlineData("dn: CN=A,DC=x\ncn A\n", "line 2: 'cn A' is not 'attribute: value'")]
    [InlineData("dn: CN=A,DC=x\njpegPhoto:< file:///etc/passwd\n", "line 2: 'jpegPhoto' takes its value from a URL")]
    [InlineData("dn: CN=A,DC=x\nobjectGUID:: not*base64\n", "line 2: The base64 value of 'objectGUID' is not valid base64.")]
    [InlineData(" continued\n", "line 1: A continuation line")]
    [InlineData("dn: CN=A,DC=x\ncn: A\ndn: CN=B,DC=x\n", "line 3: A second 'dn:' in one entry")]
    [InlineData("dn: CN=A,DC=x\n\n\nc<n: A\n", "line 4: 'c<n' is not an attribute name.")]
    public async Task What_an_export_never_holds_is_refused_naming_its_line(string text, string message)
    {
        Assert.StartsWith(message, (await RefusedAsync(text)).Message);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_refused_naming_its_line()
    {
        byte[] bytes = [.. Encoding.ASCII.GetBytes("dn: CN=A,DC=x\ncn: Zo"), 0xEB, (byte)'\n'];
        var refused = await Assert.ThrowsAsync<LdifFormatException>(() => ReadAsync(bytes));
        Assert.Contains("not UTF-8", refused.Message);
    }

    [Fact]
    public async Task A_large_file_is_read_as_a_stream_not_whole()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 20_000; i++) text.Append($"dn: CN=User {i},DC=contoso,DC=com\ncn: User {i}\n\n");
        var file = new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
        await using var entries = LdifReader.ReadAsync(file).GetAsyncEnumerator();
        Assert.True(await entries.MoveNextAsync());
        Assert.Equal("CN=User 0,DC=contoso,DC=com", entries.Current.Dn);
        Assert.True(file.Position < file.Length / 10, $"read {file.Position} of {file.Length} bytes for the first entry");
    }

    /// <summary>A stream that hands out a few bytes per read, so every line, fold and CR LF meets the reader's buffer edge.</summary>
    private sealed class Trickle(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], ct);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Lines_and_folds_read_alike_wherever_the_reads_end(int bytesPerRead)
    {
        var text = new StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < 300; i++)
        {
            var value = new string((char)('a' + i % 26), i % 7 == 0 ? 0 : i * 3);
            expected.Add(value);
            // ldifde's folding: 78 columns, then one space and the rest; CR LF on every other entry.
            var line = $"description: {value}";
            var folded = string.Join("\n ", Enumerable.Range(0, (line.Length + 76) / 77).Select(k => line.Substring(k * 77, Math.Min(77, line.Length - k * 77))));
            var entry = $"dn: CN=User {i},DC=contoso,DC=com\n{(line.Length == 0 ? line : folded)}\n# a comment\n cont\n\n";
            text.Append(i % 2 == 0 ? entry.Replace("\n", "\r\n") : entry);
        }
        var entries = new List<DirectoryEntry>();
        await foreach (var e in LdifReader.ReadAsync(new Trickle(Encoding.UTF8.GetBytes(text.ToString()), bytesPerRead))) entries.Add(e);
        Assert.Equal(300, entries.Count);
        Assert.Equal(expected, entries.Select(e => e.First("description")));
        Assert.Equal("CN=User 299,DC=contoso,DC=com", entries[^1].Dn);
    }

    [Fact]
    public async Task A_line_longer_than_the_buffer_is_read_whole()
    {
        var value = string.Concat(Enumerable.Range(0, 30_000).Select(i => (char)('a' + i % 26)));
        var entries = await ReadAsync($"dn: CN=A,DC=x\ndescription: {value}{value}{value}\ncn: A\n");
        Assert.Equal(value + value + value, entries.Single().First("description"));
        Assert.Equal("A", entries.Single().First("cn"));
    }

    [Fact]
    public async Task Only_the_attributes_asked_for_are_kept_and_every_line_is_still_checked()
    {
        var kept = new List<DirectoryEntry>();
        await foreach (var e in LdifReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Export)), ["cn", "OBJECTGUID"])) kept.Add(e);
        Assert.Equal(["cn", "objectGUID"], kept[0].Names);
        Assert.Equal("CN=Joe Bloggs,OU=Users,DC=contoso,DC=com", kept[0].Dn);
        Assert.Empty(kept[1].Names);

        async Task<string> Refused(string text) => (await Assert.ThrowsAsync<LdifFormatException>(async () =>
        {
            await foreach (var _ in LdifReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), ["cn"])) { }
        })).Message;
        Assert.StartsWith("line 2: The base64 value of 'photo' is not valid base64.", await Refused("dn: CN=A,DC=x\nphoto:: not*base64\n"));
        Assert.StartsWith("line 2: The value of 'info' holds a NUL", await Refused("dn: CN=A,DC=x\ninfo: a\0b\n"));
        Assert.StartsWith("line 1: An entry must start with 'dn:'", await Refused("description: A\n"));
    }
}
