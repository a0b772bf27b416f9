using System.Collections.Concurrent;

namespace AdminPortal.Web.Security.Oidc;

/// <summary>Remembers the nonces already used, for as long as an id_token could live, so a replayed one is refused.</summary>
public sealed class NonceLedger(TimeProvider clock)
{
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> used = new();

    /// <summary>True the first time a nonce is seen; false on every replay.</summary>
    public bool TryConsume(string nonce)
    {
        var now = clock.GetUtcNow();
        if (used.Count > 10_000)
            foreach (var (key, at) in used)
                if (now - at > Memory) used.TryRemove(key, out _);
        return used.TryAdd(nonce, now);
    }
}
