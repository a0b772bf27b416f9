using System.Text;

namespace AdminPortal.ActiveDirectory;

/// <summary>
/// One object of a directory export, whatever the file's format: its DN, where it starts in the file (a line of an
/// LDIF file, a row of a CSV one), and its attributes by name, ignoring case (several values for a multi-valued one).
/// </summary>
public sealed record DirectoryEntry(string Dn, int Line, IReadOnlyDictionary<string, IReadOnlyList<EntryValue>> Attributes)
{
    public string? First(string name) => Attributes.TryGetValue(name, out var values) && values.Count > 0 ? values[0].Text : null;

    public IEnumerable<string> All(string name) => Attributes.TryGetValue(name, out var values) ? values.Select(v => v.Text) : [];
}

/// <summary>A value as the file gave it: bytes (binary values such as objectGUID stay exact), read as UTF-8 text on demand.</summary>
public readonly record struct EntryValue(byte[] Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes);
}
