using System.Runtime.InteropServices;
using System.Text;

namespace AdminPortal.ActiveDirectory;

/// <summary>
/// One object of a directory export, whatever the file's format: its DN, where it starts in the file (a line of an
/// LDIF file, a row of a CSV one), and its attributes by name, ignoring case (several values for a multi-valued one).
/// </summary>
/// <remarks>
/// Held as two arrays, the names and all the values, rather than a table of lists: a pre-flight makes an entry per
/// object of a file of up to millions, and the garbage collector's work grows with the number of objects made, not
/// only their bytes (measured: 98,000 entries read and mapped paused the collector 0.15–0.19 s with a dictionary of one
/// array per attribute, 0.05 s so — as long as the JSON reader making the same objects). An entry holds some dozen
/// names: they are looked up in order.
/// </remarks>
public sealed class DirectoryEntry
{
    private readonly Attribute[] attributes;
    private readonly EntryValue[] values;

    /// <summary>An attribute's name and where its values are in the entry's values.</summary>
    internal readonly record struct Attribute(string Name, int Start, int Count);

    private DirectoryEntry(string dn, int line, Attribute[] attributes, EntryValue[] values) =>
        (Dn, Line, this.attributes, this.values) = (dn, line, attributes, values);

    public string Dn { get; }

    public int Line { get; }

    /// <summary>The names of the attributes the entry has a value of, in the order they first appear.</summary>
    public IEnumerable<string> Names => attributes.Select(a => a.Name);

    /// <summary>The attribute's values as the file gave them (none when the entry has none), without a copy.</summary>
    public ArraySegment<EntryValue> Values(string name)
    {
        foreach (var attribute in attributes)
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase)) return new(values, attribute.Start, attribute.Count);
        return ArraySegment<EntryValue>.Empty;
    }

    public string? First(string name) => Values(name) is [var first, ..] ? first.Text : null;

    /// <summary>The attribute's values as text, in a list of its own (empty when the entry has none).</summary>
    public List<string> All(string name)
    {
        var values = Values(name);
        var texts = new List<string>(values.Count);
        foreach (var value in values) texts.Add(value.Text);
        return texts;
    }

    /// <summary>The same entry with one attribute's values replaced (none removes it).</summary>
    public DirectoryEntry With(string name, IReadOnlyList<EntryValue> replaced)
    {
        var builder = new Builder();
        foreach (var attribute in attributes)
            if (!string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
                foreach (var value in values.AsSpan(attribute.Start, attribute.Count)) builder.Add(attribute.Name, value);
        foreach (var value in replaced) builder.Add(name, value);
        return builder.Build(Dn, Line);
    }

    /// <summary>
    /// An entry's values as a reader meets them, a name at a time and in any order, grouped by name when the entry is
    /// built. One builder serves every entry of a file: what it holds between entries is reused, not made again.
    /// </summary>
    public sealed class Builder
    {
        // A hostile entry of many thousands of names leaves a table this big behind: it is let go rather than cleared for every entry after.
        private const int MaxNamesKept = 256;
        private readonly List<(string Name, EntryValue Value)> added = new(32);
        private Dictionary<string, int> slots = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<int> counts = new(32);
        // Each added value's attribute, found once: the name is looked up once per value, not again to place it.
        private readonly List<int> slotOf = new(32);

        public void Add(string name, EntryValue value) => added.Add((name, value));

        /// <summary>The entry of the values added since the last one, grouped by name in the order the names first came; the builder emptied.</summary>
        public DirectoryEntry Build(string dn, int line)
        {
            foreach (var (name, _) in added)
            {
                ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(slots, name, out var seen);
                if (!seen) { slot = counts.Count; counts.Add(0); }
                counts[slot]++;
                slotOf.Add(slot);
            }
            var attributes = new Attribute[slots.Count];
            var start = 0;
            foreach (var (name, slot) in slots)
            {
                attributes[slot] = new Attribute(name, start, 0);
                start += counts[slot];
            }
            var values = new EntryValue[added.Count];
            for (var i = 0; i < added.Count; i++)
            {
                ref var attribute = ref attributes[slotOf[i]];
                values[attribute.Start + attribute.Count] = added[i].Value;
                attribute = attribute with { Count = attribute.Count + 1 };
            }
            added.Clear();
            counts.Clear();
            slotOf.Clear();
            if (slots.Count > MaxNamesKept) slots = new(StringComparer.OrdinalIgnoreCase);
            else slots.Clear();
            return new DirectoryEntry(dn, line, attributes, values);
        }
    }
}

/// <summary>
/// A value as the file gave it: text as text, bytes as bytes (binary values such as objectGUID stay exact); each read as
/// the other on demand, as UTF-8. Kept in the form it came in, so a plain value is not encoded and decoded again for
/// every rule that reads it.
/// </summary>
public readonly struct EntryValue
{
    private readonly string? text;
    private readonly byte[]? bytes;

    public EntryValue(byte[] bytes) => this.bytes = bytes;

    public EntryValue(string text) => this.text = text;

    public string Text => text ?? Encoding.UTF8.GetString(bytes ?? []);

    public byte[] Bytes => bytes ?? Encoding.UTF8.GetBytes(text ?? "");

    /// <summary>Whether the value holds any byte at all, without converting it.</summary>
    public bool IsEmpty => text is null ? bytes is not { Length: > 0 } : text.Length == 0;
}
