using System.Runtime.CompilerServices;

namespace AdminPortal.ActiveDirectory.Ldif;

/// <summary>One modification of a change record: <c>replace</c>, <c>add</c> or <c>delete</c> of an attribute, with its values.</summary>
public sealed record LdifModification(string Operation, string Attribute, IReadOnlyList<EntryValue> Values);

/// <summary>A <c>changetype: modify</c> record: the entry it changes, the line it starts on, and its modifications in order.</summary>
public sealed record LdifChange(string Dn, int Line, IReadOnlyList<LdifModification> Modifications);

/// <summary>
/// Reads LDIF change records of <c>changetype: modify</c> (RFC 2849), as the pre-flight's change files are written for
/// <c>ldifde -i</c>: so a change file can be read back and checked before it goes near a domain controller. The same
/// lines as an export (folding, base64, comments) are read by the same code as <see cref="LdifReader"/>.
/// </summary>
public static class LdifChangeReader
{
    private static readonly HashSet<string> Operations = new(StringComparer.OrdinalIgnoreCase) { "add", "delete", "replace" };

    public static async IAsyncEnumerable<LdifChange> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken ct = default)
    {
        using var lines = LogicalLines.Of(file);
        var names = new LdifReader.AttributeNames();
        var first = true;
        (string Dn, int Line)? record = null;
        var modifications = new List<LdifModification>();
        (string Operation, string Attribute, List<EntryValue> Values)? open = null;
        var typed = false;
        while (await lines.NextAsync(ct) is { } line)
        {
            if (line.Text.IsEmpty)
            {
                if (record is { } r) yield return Finish(r, modifications, open, line.Number);
                (record, modifications, open, typed) = (null, [], null, false);
                continue;
            }
            if (line.Text.Span[0] == '#') continue;
            if (line.Text.Span is "-")
            {
                if (open is not { } done) throw new LdifFormatException(line.Number, "'-' ends a modification, but none is open.");
                modifications.Add(new LdifModification(done.Operation, done.Attribute, done.Values));
                open = null;
                continue;
            }
            var (name, split) = LdifReader.Split(line, names);
            var value = split!.Value;
            if (record is null)
            {
                if (LdifReader.RecordStart(line, name, value, ref first) is { } dn) record = (dn, line.Number);
            }
            else if (!typed)
            {
                if (!name.Equals("changetype", StringComparison.OrdinalIgnoreCase) || !value.Text.Equals("modify", StringComparison.OrdinalIgnoreCase))
                    throw new LdifFormatException(line.Number, "A change file's record says 'changetype: modify' after its dn.");
                typed = true;
            }
            else if (open is null)
            {
                if (!Operations.Contains(name)) throw new LdifFormatException(line.Number, $"'{name}:' is not a modification (add, delete or replace).");
                open = (name.ToLowerInvariant(), value.Text, []);
            }
            else if (name.Equals(open.Value.Attribute, StringComparison.OrdinalIgnoreCase)) open.Value.Values.Add(value);
            else throw new LdifFormatException(line.Number, $"'{name}:' inside a modification of '{open.Value.Attribute}'; end it with '-' first.");
        }
        if (record is { } last) yield return Finish(last, modifications, open, last.Line);
    }

    private static LdifChange Finish((string Dn, int Line) record, List<LdifModification> modifications,
        (string Operation, string Attribute, List<EntryValue> Values)? open, int line)
    {
        if (open is not null) throw new LdifFormatException(line, $"The modification of '{open.Value.Attribute}' is not ended with '-'.");
        return new LdifChange(record.Dn, record.Line, modifications);
    }
}
