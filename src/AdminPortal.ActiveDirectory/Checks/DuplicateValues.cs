using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace AdminPortal.ActiveDirectory.Checks;

/// <summary>
/// The values seen so far in one file, per attribute, compared ignoring case as IdFix compares them, to find a value held
/// by two entries anywhere in the file. A value is remembered as a 64-bit hash with the entry that held it first, not as
/// text: a million entries with several values each stay within a few hundred MB. (Two different values sharing a
/// hash would be one false duplicate in about 10^12 files of that size.)
/// </summary>
public sealed class DuplicateValues
{
    /// <summary>
    /// Per attribute, each value's hash and the entry that held it first, in 256 tables by the hash's top byte: a table of
    /// hundreds of thousands of values in one piece would live on the large-object heap, whose growth (every doubling
    /// allocated anew) starts background collections of the whole heap in the middle of a pre-flight.
    /// </summary>
    private readonly Dictionary<string, Dictionary<ulong, int>[]> firstHolders = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Holder> holders = [];
    private readonly HashSet<(string, ulong)> reportedFirst = [];

    /// <summary>An entry that holds values, as a duplicate's finding names it.</summary>
    public readonly record struct Holder(string DistinguishedName, int Line);

    /// <summary>Registers an entry whose values are then offered with <see cref="Offer"/>; returns its number.</summary>
    public int Enter(string distinguishedName, int line)
    {
        holders.Add(new Holder(distinguishedName, line));
        return holders.Count - 1;
    }

    /// <summary>The entry registered with this number.</summary>
    public Holder this[int entry] => holders[entry];

    /// <summary>
    /// Offers one value of an entry: the first holder when another entry held it before (and whether that first holder
    /// is reported for the first time, so its own finding is made once), else null.
    /// </summary>
    public (Holder First, bool FirstReportedNow)? Offer(string attribute, string value, int entry)
    {
        if (!firstHolders.TryGetValue(attribute, out var tables)) firstHolders[attribute] = tables = new Dictionary<ulong, int>[256];
        var hash = Hash(value);
        var seen = tables[hash >> 56] ??= [];
        ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(seen, hash, out var exists);
        if (!exists) { first = entry; return null; }
        if (first == entry) return null;
        return (holders[first], reportedFirst.Add((attribute, hash)));
    }

    private static ulong Hash(string value)
    {
        Span<char> upper = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        value.AsSpan().ToUpperInvariant(upper);
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes((ReadOnlySpan<char>)upper));
    }
}
