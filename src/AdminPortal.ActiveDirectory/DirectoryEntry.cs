using System.Text;

namespace AdminPortal.ActiveDirectory;

/// <summary>
/// One object of a directory export, whatever the file's format: its DN, where it starts in the file (a line of an
/// LDIF file, a row of a CSV one), and its attributes by name, ignoring case (several values for a multi-valued one).
/// </summary>
public sealed record DirectoryEntry(string Dn, int Line, IReadOnlyDictionary<string, IReadOnlyList<EntryValue>> Attributes)
{
    public string? First(string name) => Attributes.TryGetValue(name, out var values) && values.Count > 0 ? values[0].Text : null;

    /// <summary>The attribute's values as the file gave them (none when the entry has none), without a list of texts made.</summary>
    public IReadOnlyList<EntryValue> Values(string name) => Attributes.TryGetValue(name, out var values) ? values : [];

    /// <summary>The attribute's values as text, in a list of its own (empty when the entry has none).</summary>
    public List<string> All(string name)
    {
        if (!Attributes.TryGetValue(name, out var values)) return [];
        var texts = new List<string>(values.Count);
        foreach (var value in values) texts.Add(value.Text);
        return texts;
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
