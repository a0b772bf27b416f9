namespace AdminPortal.ActiveDirectory.Preflight;

/// <summary>A value an admin decided to change at the source: on the entry <see cref="DistinguishedName"/>, <see cref="From"/> becomes <see cref="To"/>.</summary>
public sealed record AcceptedFix(string DistinguishedName, string Attribute, string From, string To);

/// <summary>
/// The fixes an admin accepted, applied to entries as they are read again, so the what-if shows what they would do
/// in the tenant, and the change files carry them to the domain. One value of an attribute is replaced where it
/// stands; the others stay.
/// </summary>
public sealed class AcceptedFixes
{
    private readonly Dictionary<string, List<AcceptedFix>> byEntry = new(StringComparer.OrdinalIgnoreCase);

    public AcceptedFixes(IEnumerable<AcceptedFix> fixes)
    {
        foreach (var fix in fixes)
        {
            if (!byEntry.TryGetValue(fix.DistinguishedName, out var list)) byEntry[fix.DistinguishedName] = list = [];
            list.Add(fix);
        }
    }

    public int Count => byEntry.Values.Sum(l => l.Count);

    public IReadOnlyList<AcceptedFix> For(DirectoryEntry entry) => byEntry.TryGetValue(entry.Dn, out var list) ? list : [];

    /// <summary>The entry with the fixes made to it, or the same entry when none is for it.</summary>
    public DirectoryEntry Apply(DirectoryEntry entry)
    {
        if (!byEntry.TryGetValue(entry.Dn, out var fixes)) return entry;
        foreach (var fix in fixes) entry = entry.With(fix.Attribute, Replace(entry.Values(fix.Attribute), fix));
        return entry;
    }

    /// <summary>The values of an attribute after one fix: the value it names replaced, or the fix's value added (a blank one).</summary>
    public static IReadOnlyList<EntryValue> Replace(IReadOnlyList<EntryValue> values, AcceptedFix fix)
    {
        var to = new EntryValue(fix.To);
        var list = values.ToList();
        // Ignoring case: a duplicate's first holder is reported with the value as the later one spells it.
        var at = list.FindIndex(v => string.Equals(v.Text, fix.From, StringComparison.OrdinalIgnoreCase));
        if (at >= 0) list[at] = to;
        else if (list.Count == 0 || fix.From.Length == 0) list.Add(to);
        return list;
    }
}
