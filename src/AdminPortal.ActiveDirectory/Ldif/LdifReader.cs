using System.Buffers.Text;
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
    public static IAsyncEnumerable<DirectoryEntry> ReadAsync(Stream file, CancellationToken ct = default) => ReadAsync(file, null, ct);

    /// <summary>
    /// The entries with only the attributes named in <paramref name="only"/> (all when null): a pre-flight reads a
    /// dozen of an export's attributes, and the values of the others need not become strings. Every line is still
    /// checked as LDIF, whatever its attribute.
    /// </summary>
    public static async IAsyncEnumerable<DirectoryEntry> ReadAsync(Stream file, IEnumerable<string>? only, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var lines = LogicalLines.Of(file);
        var names = new AttributeNames(only is null ? null : new HashSet<string>(only, StringComparer.OrdinalIgnoreCase) { "dn", "changetype", "version" });
        var first = true;
        var entry = new DirectoryEntry.Builder();
        (string Dn, int Line)? current = null;
        while (await lines.NextAsync(ct) is { } line)
        {
            if (line.Text.IsEmpty)
            {
                if (current is { } done) yield return entry.Build(done.Dn, done.Line);
                current = null;
                continue;
            }
            if (line.Text.Span[0] == '#') continue;
            var (name, kept) = Split(line, names);
            if (current is null)
            {
                // dn and version are always kept; anything else is refused there.
                if (RecordStart(line, name, kept ?? default, ref first) is { } dn) current = (dn, line.Number);
                continue;
            }
            if (kept is not { } value) continue;
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
        if (current is { } last) yield return entry.Build(last.Dn, last.Line);
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

    /// <summary>
    /// "name: text", "name:: base64" or "name:&lt; url" (refused: an export carries its values).
    /// The value is made only when its attribute's values are kept (<see cref="AttributeNames"/>): the value of another
    /// is checked as the others are, then left (null).
    /// </summary>
    internal static (string Name, EntryValue? Value) Split(LogicalLine line, AttributeNames names)
    {
        var text = line.Text.Span;
        var colon = text.IndexOf(':');
        if (colon <= 0) throw new LdifFormatException(line.Number, $"'{AttributeRules.Shorten(text.ToString())}' is not 'attribute: value'.");
        var name = names.Of(text[..colon], out var wanted)
            ?? throw new LdifFormatException(line.Number, $"'{AttributeRules.Shorten(text[..colon].ToString())}' is not an attribute name.");
        var rest = text[(colon + 1)..];
        if (rest.StartsWith("<")) throw new LdifFormatException(line.Number, $"'{name}' takes its value from a URL, which an export never does.");
        if (rest.StartsWith(":"))
        {
            var base64 = rest[1..].Trim(' ');
            if (!wanted)
                return Base64.IsValid(base64) ? (name, null) : throw NotBase64(line, name);
            var most = base64.Length / 4 * 3 + 3;
            var decoded = most <= 512 ? stackalloc byte[512] : new byte[most];
            if (!Convert.TryFromBase64Chars(base64, decoded, out var written)) throw NotBase64(line, name);
            return (name, new EntryValue(decoded[..written].ToArray()));
        }
        var value = rest.TrimStart(' ');
        if (value.Contains('\0')) throw new LdifFormatException(line.Number, $"The value of '{name}' holds a NUL character; an export writes such a value in base64.");
        // A SAFE-STRING does not start with ':', '<' or a space (those are the markers above); the rest is plain text.
        return (name, wanted ? new EntryValue(names.Text(name, value)) : null);
    }

    private static LdifFormatException NotBase64(LogicalLine line, string name) => new(line.Number, $"The base64 value of '{name}' is not valid base64.");

    /// <summary>
    /// The attribute names of one file, each checked and made a string once: a file of a million entries repeats the
    /// same few dozen names millions of times.
    /// </summary>
    internal sealed class AttributeNames(HashSet<string>? kept = null)
    {
        private const int MaxNames = 4096;
        // Each name met, and whether its values are kept (all are when no set of kept names was given).
        private readonly Dictionary<string, bool> known = new(StringComparer.Ordinal);
        private const int MaxClasses = 256;
        // objectClass holds the same few values in every entry of a file: each is made a string once.
        private readonly Dictionary<string, string> classes = new(StringComparer.Ordinal);

        /// <summary>
        /// The name, and whether its values are kept; null when it is not an attribute type (a name or an OID) with
        /// options (";binary", ";lang-en").
        /// </summary>
        public string? Of(ReadOnlySpan<char> name, out bool keep)
        {
            if (known.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var seen, out keep)) return seen;
            keep = false;
            if (!IsAttributeDescription(name)) return null;
            var text = name.ToString();
            keep = kept is null || kept.Contains(text);
            // A hostile file of ever-new names is still read, just without remembering them.
            if (known.Count < MaxNames) known.Add(text, keep);
            return text;
        }

        private static bool IsAttributeDescription(ReadOnlySpan<char> name)
        {
            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || char.IsAsciiDigit(name[0]))) return false;
            foreach (var c in name)
                if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or ';' or '.')) return false;
            return true;
        }

        /// <summary>A kept value as text: an object class the file named before is the string made then.</summary>
        public string Text(string name, ReadOnlySpan<char> value)
        {
            if (!name.Equals("objectClass", StringComparison.OrdinalIgnoreCase)) return value.ToString();
            if (classes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var known)) return known;
            var text = value.ToString();
            if (classes.Count < MaxClasses) classes.Add(text, text);
            return text;
        }
    }
}

/// <summary>
/// A line of the file with its continuations unfolded, and the number of its first physical line. Its text is valid
/// until the next line is asked for: it is, most of the time, a window on the reader's buffer, not a string.
/// </summary>
internal readonly record struct LogicalLine(ReadOnlyMemory<char> Text, int Number);

/// <summary>
/// Physical lines joined where folded (a line starting with one space continues the one before). A comment's
/// continuation belongs to the comment. Lines are read from one buffer and handed out as windows on it: a file of a
/// million entries has some fifteen million lines, and only the values taken from them need to become strings.
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

    /// <summary>
    /// Longest line accepted, folded lines joined, in characters; a longer one is refused as soon as it is past this,
    /// so no more than this is ever held.
    /// </summary>
    public const int MaxLineCharacters = 4 * 1024 * 1024;

    // The unread part of the file is buffer[position..filled]; the buffer grows only for a line longer than itself.
    private char[] buffer = new char[64 * 1024];
    private int position, filled;
    // Folded lines are joined here (reused: most lines are not folded).
    private readonly StringBuilder joined = new();
    private int number;

    public ValueTask<LogicalLine?> NextAsync(CancellationToken ct) =>
        InBuffer() is { } line ? new(line) : NextReadingAsync(ct);

    /// <summary>
    /// The common case, without a read or an await: an unfolded line whole in the buffer with the first character of
    /// the next one (which says it is not folded). Null when the line needs more than the buffer holds.
    /// </summary>
    private LogicalLine? InBuffer()
    {
        if (filled - position < 2 || buffer[position] == ' ') return null;
        var end = Array.IndexOf(buffer, '\n', position, filled - position - 1);
        if (end < 0) return null;
        var length = end > position && buffer[end - 1] == '\r' ? end - position - 1 : end - position;
        // Folded: the slow path joins it.
        if (length > 0 && buffer[end + 1] == ' ') return null;
        var line = new LogicalLine(new ReadOnlyMemory<char>(buffer, position, length), Counted(length));
        position = end + 1;
        return line;
    }

    private async ValueTask<LogicalLine?> NextReadingAsync(CancellationToken ct)
    {
        if (position == filled && !await FillAsync(ct)) return null;
        var start = number + 1;
        if (buffer[position] == ' ') throw new LdifFormatException(start, "A continuation line (starting with a space) follows nothing it could continue.");
        var (length, next) = await PhysicalAsync(ct);
        if (length == 0 || await PeekAsync(next, ct) != ' ')
        {
            var line = new ReadOnlyMemory<char>(buffer, position, length);
            position += next;
            return new LogicalLine(line, start);
        }
        joined.Clear().Append(buffer, position, length);
        position += next;
        while (await PeekAsync(0, ct) == ' ')
        {
            (length, next) = await PhysicalAsync(ct);
            if (joined.Length + length - 1 > MaxLineCharacters) throw TooLong(start);
            joined.Append(buffer, position + 1, length - 1);
            position += next;
        }
        return new LogicalLine(joined.ToString().AsMemory(), start);
    }

    /// <summary>
    /// The physical line at the read position, found in the buffer (filled further as needed, the position kept): its
    /// length without CR LF or LF, and where the next line starts, both from the position. Counted and checked.
    /// </summary>
    private async ValueTask<(int Length, int Next)> PhysicalAsync(CancellationToken ct)
    {
        var searched = 0;
        int length, next;
        while (true)
        {
            var end = Array.IndexOf(buffer, '\n', position + searched, filled - position - searched);
            if (end >= 0)
            {
                (length, next) = (end - position, end - position + 1);
                break;
            }
            searched = filled - position;
            if (searched > MaxLineCharacters) throw TooLong(number + 1);
            if (!await FillAsync(ct))
            {
                (length, next) = (searched, searched);
                break;
            }
        }
        if (length > 0 && buffer[position + length - 1] == '\r') length--;
        Counted(length);
        return (length, next);
    }

    /// <summary>Counts the physical line at the read position and refuses it if it held bytes that are not UTF-8 (decoded as U+FFFD).</summary>
    private int Counted(int length)
    {
        number++;
        if (buffer.AsSpan(position, length).Contains('\uFFFD'))
            throw new LdifFormatException(number, "The file is not UTF-8 text; ldifde writes UTF-8 (non-ASCII values in base64).");
        return number;
    }

    /// <summary>The character at an offset from the read position, or null at the end of the file.</summary>
    private async ValueTask<char?> PeekAsync(int offset, CancellationToken ct)
    {
        while (filled - position <= offset)
            if (!await FillAsync(ct)) return null;
        return buffer[position + offset];
    }

    /// <summary>Reads more of the file behind what is unread, moving that to the start and growing the buffer if it is full.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        if (position > 0)
        {
            Array.Copy(buffer, position, buffer, 0, filled - position);
            (filled, position) = (filled - position, 0);
        }
        if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        var read = await reader.ReadAsync(buffer.AsMemory(filled), ct);
        filled += read;
        return read > 0;
    }

    private static LdifFormatException TooLong(int line) =>
        new(line, $"The line is longer than {MaxLineCharacters / (1024 * 1024)} MB (folded lines joined); no attribute of an export is that long.");
}

/// <summary>The file is not LDIF as an export writes it; the message names the line.</summary>
public sealed class LdifFormatException(int line, string problem) : ExportFileException($"line {line}", problem)
{
    public int Line { get; } = line;
}
