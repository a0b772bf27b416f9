using System.Text;
using AdminPortal.ActiveDirectory.Preflight;

namespace AdminPortal.ActiveDirectory.Ldif;

/// <summary>
/// The fixes an admin accepted, as two LDIF change files for <c>ldifde -i -f</c>: one that makes them (one entry per
/// object, <c>changetype: modify</c>, a <c>replace:</c> per attribute with all its values after the fix) and one that
/// undoes them (the values as the export had them). What IdFix's "Apply" did to the domain directly, made reviewable.
/// The export is read again, so each replace carries every value of a multi-valued attribute, not only the fixed one.
/// </summary>
public static class LdifChangeFile
{
    public static async Task<int> WriteAsync(Stream export, ExportFormat format, AcceptedFixes fixes, TextWriter apply, TextWriter undo, CancellationToken ct = default)
    {
        // No "version: 1" line: RFC 2849 makes it optional, and Samba's ldbmodify refuses a file that does not start with a dn.
        var written = 0;
        await foreach (var entry in ExportFile.ReadAsync(export, format, ct: ct))
        {
            var mine = fixes.For(entry);
            if (mine.Count == 0) continue;
            var after = new StringBuilder();
            var before = new StringBuilder();
            foreach (var attribute in mine.Select(f => f.Attribute).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                IReadOnlyList<EntryValue> old = entry.Values(attribute);
                var now = mine.Where(f => f.Attribute.Equals(attribute, StringComparison.OrdinalIgnoreCase)).Aggregate(old, AcceptedFixes.Replace);
                Replace(after, attribute, now);
                Replace(before, attribute, old);
            }
            await Record(apply, entry.Dn, after, first: written == 0);
            await Record(undo, entry.Dn, before, first: written == 0);
            written++;
        }
        return written;
    }

    private static async Task Record(TextWriter writer, string dn, StringBuilder changes, bool first)
    {
        if (!first) await writer.WriteAsync("\n");
        await writer.WriteAsync(Line("dn", Encoding.UTF8.GetBytes(dn)));
        await writer.WriteAsync("changetype: modify\n");
        await writer.WriteAsync(changes.ToString());
    }

    /// <summary>A replace with no values removes the attribute (it was blank before the fix).</summary>
    private static void Replace(StringBuilder into, string attribute, IReadOnlyList<EntryValue> values)
    {
        into.Append("replace: ").Append(attribute).Append('\n');
        foreach (var value in values) into.Append(Line(attribute, value.Bytes));
        into.Append("-\n");
    }

    /// <summary>"name: value", or "name:: base64" where RFC 2849 wants it: not a SAFE-STRING, or ending in a space.</summary>
    public static string Line(string name, byte[] value) =>
        IsSafe(value) ? $"{name}: {Encoding.ASCII.GetString(value)}\n" : $"{name}:: {Convert.ToBase64String(value)}\n";

    private static bool IsSafe(byte[] value)
    {
        if (value.Length == 0) return true;
        if (value[0] is (byte)' ' or (byte)':' or (byte)'<' || value[^1] == (byte)' ') return false;
        foreach (var b in value)
            if (b is 0 or (byte)'\n' or (byte)'\r' or > 127) return false;
        return true;
    }
}
