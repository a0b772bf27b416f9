using System.IO.Hashing;
using System.Runtime.InteropServices;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.Data.Stores;

/// <summary>
/// The keys a commit's tenant may hold — source anchors, normalized UPNs and proxy addresses, the values a chunk's objects
/// are looked up by — as a Bloom filter: a key it has never been given is certainly not in the tenant, so a chunk looks
/// up only the others. A run that brings mostly new objects (a first sync above all) then skips nearly every lookup: on
/// SQLite each is a walk down an index the commit's own write-ahead log holds, its cost growing with the log.
/// A key given is always answered "may hold"; a key never given is answered so by chance only (under 1% at the sizing
/// below), and then simply looked up. Sixty-four bits per object expected, whatever the number of keys an object has.
/// </summary>
internal sealed class KnownKeys
{
    private const int Probes = 5;
    // 2^24 words: 128 MB, enough for 16 million objects at the intended rate; past it the chance of a needless lookup grows.
    private const long MaxWords = 1L << 24;
    private readonly ulong[] words;
    private readonly ulong bits;

    public KnownKeys(long expectedObjects)
    {
        words = new ulong[Math.Clamp(expectedObjects, 1024, MaxWords)];
        bits = (ulong)words.LongLength * 64;
    }

    public void Add(string key)
    {
        var (h1, h2) = Hashes(key);
        for (ulong i = 0; i < Probes; i++)
        {
            var bit = (h1 + i * h2) % bits;
            words[bit >> 6] |= 1UL << (int)(bit & 63);
        }
    }

    public bool MayHold(string key)
    {
        var (h1, h2) = Hashes(key);
        for (ulong i = 0; i < Probes; i++)
        {
            var bit = (h1 + i * h2) % bits;
            if ((words[bit >> 6] & (1UL << (int)(bit & 63))) == 0) return false;
        }
        return true;
    }

    /// <summary>The keys an object holds in the store, as it is written: the columns a chunk's lookups read.</summary>
    public void Add(DirectoryObject o)
    {
        if (o.ImmutableId is { } anchor) Add(anchor);
        if (o.UpnNormalized is { } upn) Add(upn);
        foreach (var p in o.ProxyAddresses) Add(p.Normalized);
    }

    /// <summary>Only the keys that may be in the store: the others need no lookup.</summary>
    public BatchKeys Narrow(BatchKeys keys) => new(Kept(keys.SourceAnchors), Kept(keys.NormalizedUpns), Kept(keys.NormalizedProxyAddresses));

    private HashSet<string> Kept(IReadOnlySet<string> keys) => keys.Where(MayHold).ToHashSet(StringComparer.Ordinal);

    /// <summary>Two independent hashes of the key's characters (one 128-bit hash split), the probes made from both.</summary>
    private static (ulong, ulong) Hashes(string key)
    {
        var hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key.AsSpan()));
        return ((ulong)hash, (ulong)(hash >> 64) | 1);
    }
}
