using System.Runtime.CompilerServices;
using System.Text;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.ActiveDirectory.Ldif;

/// <summary>
/// Reads an LDIF content file (RFC 2849) as <c>ldifde -f export.ldf</c> writes it, one entry at a time, so a file of a
/// million entries is never held whole: an optional <c>version: 1</c>, comments, entries separated by blank lines,
/// lines folded with one leading space, <c>attr: value</c> and <c>attr:: base64</c> (binary and non-ASCII values),
/// repeated lines for a multi-valued attribute, <c>changetype: add</c>, CRLF or LF, UTF-8 with or without a BOM.
/// No library on the registry reads LDIF, hence this one. Anything else is refused with the line it is on.
/// </summary>
public static class LdifReader
{
    public static async IAsyncEnumerable<DirectoryEntry> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var lines = LogicalLines.Of(file);
        var names = new AttributeNames();
        var first = true;
        Entry? entry = null;
        while (await lines.NextAsync(ct) is { } line)
        {
            if (line.Text.Length == 0)
            {
                if (entry is not null) yield return entry.Build();
                entry = null;
                continue;
            }
            if (line.Text[0] == '#') continue;
            var (name, value) = Split(line, names);
            if (entry is null)
            {
                if (RecordStart(line, name, value, ref first) is { } dn) entry = new Entry(dn, line.Number);
                continue;
            }
            if (name.Equals("changetype", StringComparison.OrdinalIgnoreCase))
            {
                if (!value.Text.Equals("add", StringComparison.OrdinalIgnoreCase))
                    throw new LdifFormatException(line.Number, $"changetype '{AttributeRules.Shorten(value.Text)}' is a change, not an export; export with ldifde -f (entries are 'add').");
                continue;
            }
            if (name.Equals("dn", StringComparison.OrdinalIgnoreCase))
                throw new LdifFormatException(line.Number, "A second 'dn:' in one entry: entries are separated by a blank line.");
            entry.Add(name, value);
        }
        if (entry is not null) yield return entry.Build();
    }

    /// <summary>
    /// The first line of a record, content or change record alike: its DN, or null for the <c>version: 1</c> a file may
    /// open with (<paramref name="first"/> says whether it still may).
    /// </summary>
    internal static string? RecordStart(LogicalLine line, string name, EntryValue value, ref bool first)
    {
        var opening = first;
        first = false;
        if (opening && name.Equals("version", StringComparison.OrdinalIgnoreCase))
        {
            if (value.Text != "1") throw new LdifFormatException(line.Number, $"LDIF version '{value.Text}' is not supported; only version 1 exists.");
            return null;
        }
        if (!name.Equals("dn", StringComparison.OrdinalIgnoreCase))
            throw new LdifFormatException(line.Number, $"An entry must start with 'dn:', not '{AttributeRules.Shorten(name)}:'.");
        return value.Text;
    }

    /// <summary>"name: text", "name:: base64" or "name:&lt; url" (refused: an export carries its values).</summary>
    internal static (string Name, EntryValue Value) Split(LogicalLine line, AttributeNames names)
    {
        var colon = line.Text.IndexOf(':');
        if (colon <= 0) throw new LdifFormatException(line.Number, $"'{AttributeRules.Shorten(line.Text)}' is not 'attribute: value'.");
        var name = names.Of(line.Text.AsSpan(0, colon))
            ?? throw new LdifFormatException(line.Number, $"'{AttributeRules.Shorten(line.Text[..colon])}' is not an attribute name.");
        var rest = line.Text.AsSpan(colon + 1);
        if (rest.StartsWith("<")) throw new LdifFormatException(line.Number, $"'{name}' takes its value from a URL, which an export never does.");
        if (rest.StartsWith(":"))
        {
            try { return (name, new EntryValue(Convert.FromBase64String(rest[1..].Trim(' ').ToString()))); }
            catch (FormatException) { throw new LdifFormatException(line.Number, $"The base64 value of '{name}' is not valid base64."); }
        }
        var text = rest.TrimStart(' ').ToString();
        if (text.Contains('\0')) throw new LdifFormatException(line.Number, $"The value of '{name}' holds a NUL character; an export writes such a value in base64.");
        // A SAFE-STRING does not start with ':', '<' or a space (those are the markers above); the rest is plain text.
        return (name, new EntryValue(text));
    }

    /// <summary>
    /// The attribute names of one file, each checked and made a string once: a file of a million entries repeats the
    /// same few dozen names millions of times.
    /// </summary>
    internal sealed class AttributeNames
    {
        private const int MaxNames = 4096;
        private readonly HashSet<string> known = new(StringComparer.Ordinal);

        /// <summary>The name, or null when it is not an attribute type (a name or an OID) with options (";binary", ";lang-en").</summary>
        public string? Of(ReadOnlySpan<char> name)
        {
            if (known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var seen)) return seen;
            if (!IsAttributeDescription(name)) return null;
            var text = name.ToString();
            // A hostile file of ever-new names is still read, just without remembering them.
            if (known.Count < MaxNames) known.Add(text);
            return text;
        }

        private static bool IsAttributeDescription(ReadOnlySpan<char> name)
        {
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || char.IsAsciiDigit(name[0]))) return false;
            foreach (var c in name)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or ';' or '.')) return false;
            return true;
        }
    }


    /// <summary>An entry being read: its attributes in the order of the file, names compared ignoring case.</summary>
    private sealed class Entry(string dn, int line)
    {
        // Built as the entry's own dictionary, handed over as it is (no copy per entry: a file holds millions).
        private readonly Dictionary<string, IReadOnlyList<EntryValue>> attributes = new(StringComparer.OrdinalIgnoreCase);

        public void Add(string name, EntryValue value)
        {
            if (!attributes.TryGetValue(name, out var values)) attributes[name] = values = new List<EntryValue>(1);
            ((List<EntryValue>)values).Add(value);
        }

        public DirectoryEntry Build() => new(dn, line, attributes);
    }
}

/// <summary>A line of the file with its continuations unfolded, and the number of its first physical line.</summary>
internal readonly record struct LogicalLine(string Text, int Number);

/// <summary>
/// Physical lines joined where folded (a line starting with one space continues the one before). A comment's
/// continuation belongs to the comment.
/// </summary>
internal sealed class LogicalLines(TextReader reader) : IDisposable
{
    /// <summary>
    /// The lines of an LDIF file as UTF-8, with or without a BOM. Bytes that are not UTF-8 decode as U+FFFD and are
    /// refused on the line where they are (a throwing decoder fails a whole buffer ahead, with no line to name).
    /// </summary>
    public static LogicalLines Of(Stream file) =>
        new(new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true));

    public void Dispose() => reader.Dispose();

    /// <summary>Longest line accepted, folded lines joined, in characters; a longer one is refused, not buffered.</summary>
    public const int MaxLineCharacters = 4 * 1024 * 1024;

    private readonly char[] buffer = new char[64 * 1024];
    // A line that spans two reads of the buffer is put together here (reused: most lines never need it).
    private readonly StringBuilder partial = new();
    private int position, filled;
    private string? pending;
    private int pendingNumber;
    private int number;

    public async ValueTask<LogicalLine?> NextAsync(CancellationToken ct)
    {
        var text = pending ?? await ReadAsync(ct);
        var start = pending is null ? number : pendingNumber;
        pending = null;
        if (text is null) return null;
        if (text.StartsWith(' ')) throw new LdifFormatException(start, "A continuation line (starting with a space) follows nothing it could continue.");
        StringBuilder? joined = null;
        while (await ReadAsync(ct) is { } next)
        {
            if (next.StartsWith(' ') && text.Length > 0)
            {
                joined ??= new StringBuilder(text);
                if (joined.Length + next.Length > MaxLineCharacters) throw TooLong(start);
                joined.Append(next, 1, next.Length - 1);
                continue;
            }
            (pending, pendingNumber) = (next, number);
            break;
        }
        return new LogicalLine(joined?.ToString() ?? text, start);
    }

    private static LdifFormatException TooLong(int line) =>
        new(line, $"The line is longer than {MaxLineCharacters / (1024 * 1024)} MB (folded lines joined); no attribute of an export is that long.");

    /// <summary>One physical line without its CR LF or LF, read through a fixed buffer so a huge line is refused, never held.</summary>
    private async ValueTask<string?> ReadAsync(CancellationToken ct)
    {
        var line = partial.Clear();
        while (true)
        {
            if (position == filled)
            {
                (position, filled) = (0, await reader.ReadAsync(buffer, ct));
                if (filled == 0)
                {
                    if (line.Length == 0) return null;
                    break;
                }
            }
            var end = Array.IndexOf(buffer, '\n', position, filled - position);
            var take = (end < 0 ? filled : end) - position;
            if (end >= 0 && line.Length == 0)
            {
                // The common case: the whole line is in the buffer, made a string once.
                var length = take > 0 && buffer[end - 1] == '\r' ? take - 1 : take;
                var whole = new string(buffer, position, length);
                position = end + 1;
                return Checked(whole);
            }
            if (line.Length + take > MaxLineCharacters) throw TooLong(number + 1);
            line.Append(buffer, position, take);
            position += take;
            if (end >= 0) { position++; break; }
        }
        if (line.Length > 0 && line[^1] == '\r') line.Length--;
        return Checked(line.ToString());
    }

    /// <summary>Counts the line and refuses one that held bytes that are not UTF-8 (decoded as U+FFFD).</summary>
    private string Checked(string line)
    {
        number++;
        if (line.Contains('\uFFFD')) throw new LdifFormatException(number, "The file is not UTF-8 text; ldifde writes UTF-8 (non-ASCII values in base64).");
        return line;
    }
}

/// <summary>The file is not LDIF as an export writes it; the message names the line.</summary>
public sealed class LdifFormatException(int line, string problem) : ExportFileException($"line {line}", problem)
{
    public int Line { get; } = line;
}
