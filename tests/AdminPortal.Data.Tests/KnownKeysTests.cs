using AdminPortal.Data.Stores;
using AdminPortal.SyncRules.Ports;

namespace AdminPortal.Data.Tests;

/// <summary>The commit's filter of keys a tenant may hold: never "no" for a key it was given, seldom "maybe" for another.</summary>
public class KnownKeysTests
{
    [Fact]
    public void Every_key_given_may_be_held_and_few_others_are_said_to_be()
    {
        const int objects = 20_000;
        var keys = new KnownKeys(objects);
        // Five keys an object, as a user with three proxy addresses has.
        var given = Enumerable.Range(0, objects * 5).Select(i => $"smtp:user{i}@contoso.com").ToList();
        foreach (var k in given) keys.Add(k);

        Assert.All(given, k => Assert.True(keys.MayHold(k)));
        var strangers = Enumerable.Range(0, 100_000).Count(i => keys.MayHold($"smtp:other{i}@contoso.com"));
        Assert.InRange(strangers, 0, 1_000);
    }

    [Fact]
    public void A_chunk_keeps_only_the_keys_that_may_be_held_each_kind_apart()
    {
        var keys = new KnownKeys(1_000);
        keys.Add("anchor-1");
        keys.Add("ann@contoso.com");
        keys.Add("smtp:ann@contoso.com");
        var chunk = new BatchKeys(new HashSet<string> { "anchor-1", "anchor-2" }, new HashSet<string> { "ann@contoso.com", "bob@contoso.com" },
            new HashSet<string> { "smtp:ann@contoso.com", "smtp:bob@contoso.com" });

        var narrowed = keys.Narrow(chunk);

        Assert.Equal(["anchor-1"], narrowed.SourceAnchors);
        Assert.Equal(["ann@contoso.com"], narrowed.NormalizedUpns);
        Assert.Equal(["smtp:ann@contoso.com"], narrowed.NormalizedProxyAddresses);
    }
}
