using AdminPortal.SyncRules.Sync;

namespace AdminPortal.Benchmarks;

/// <summary>
/// A realistic on-premises export: 60% users, 35% groups, 5% contacts, about 3 proxy addresses each, and about 5%
/// of the UPN and alias values duplicating another object's. Deterministic by seed.
/// </summary>
public static class TenantGenerator
{
    public static List<IncomingObject> Generate(int count, int seed = 42) => Stream(count, seed).ToList();

    /// <summary>The same export one object at a time: a run of ten million is sent without holding it.</summary>
    public static IEnumerable<IncomingObject> Stream(int count, int seed = 42)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var kind = (i % 20) switch { < 12 => "user", < 19 => "group", _ => "contact" };
            var name = $"{First[random.Next(First.Length)]} {Last[random.Next(Last.Length)]}";
            var nick = $"{kind[0]}{i:x6}";
            var domain = i % 3 == 0 ? "fabrikam.com" : "contoso.com";
            var proxies = new List<string> { $"SMTP:{nick}@{domain}", $"smtp:{nick}.alias@{domain}", $"smtp:{nick}@contoso.onmicrosoft.com" };
            string? upn = kind == "user" ? $"{nick}@{domain}" : null;
            // About 5% of values (UPN and aliases) duplicate the same value of an earlier object.
            if (i > 100)
            {
                string Other(out int other, out string nickOut)
                {
                    other = random.Next(i);
                    nickOut = $"{((other % 20) switch { < 12 => "user", < 19 => "group", _ => "contact" })[0]}{other:x6}";
                    return other % 3 == 0 ? "fabrikam.com" : "contoso.com";
                }
                if (upn is not null && random.Next(20) == 0)
                {
                    var d = Other(out var other, out var otherNick);
                    if (other % 20 < 12) upn = $"{otherNick}@{d}";
                }
                if (random.Next(20) == 0) { var d = Other(out _, out var otherNick); proxies[1] = $"smtp:{otherNick}.alias@{d}"; }
                if (random.Next(20) == 0) { Other(out _, out var otherNick); proxies[2] = $"smtp:{otherNick}@contoso.onmicrosoft.com"; }
            }
            yield return new IncomingObject
            {
                ObjectType = kind, SourceAnchor = Convert.ToBase64String(BitConverter.GetBytes((long)i * 7919 + 17)) + i.ToString("x"),
                DisplayName = kind == "user" ? name : $"{name} {kind}", UserPrincipalName = upn, MailNickname = nick,
                Mail = kind == "group" ? null : $"{nick}@{domain}", MailEnabled = kind == "group" ? true : null,
                ProxyAddresses = proxies, OnPremisesDistinguishedName = $"CN={name},OU={kind}s,DC=contoso,DC=com",
            };
        }
    }

    /// <summary>A 7% delta of an export: 1% new objects, 1% deleted, 5% changed.</summary>
    public static List<IncomingObject> Delta(List<IncomingObject> full, int seed = 7)
    {
        var random = new Random(seed);
        var n = full.Count;
        var chosen = Enumerable.Range(0, n).OrderBy(_ => random.Next()).Take(n * 6 / 100).ToList();
        var delta = new List<IncomingObject>();
        foreach (var i in chosen.Take(n / 100)) delta.Add(new IncomingObject { ObjectType = full[i].ObjectType, SourceAnchor = full[i].SourceAnchor, IsDeleted = true });
        foreach (var i in chosen.Skip(n / 100)) delta.Add(full[i] with { DisplayName = full[i].DisplayName + " (moved)" });
        delta.AddRange(Generate(n / 100, seed + 1).Select((o, i) => o with
        {
            SourceAnchor = "new-" + i, UserPrincipalName = o.UserPrincipalName?.Replace("@", ".new@"),
            ProxyAddresses = o.ProxyAddresses!.Select(p => p!.Replace("@", ".new@")).ToList(),
        }));
        return delta;
    }

    private static readonly string[] First = ["Adele", "Alex", "Bianca", "Brian", "Diego", "Emily", "Grady", "Irvin", "Johanna", "Lee", "Megan", "Nestor", "Patti", "Raul", "Vera"];
    private static readonly string[] Last = ["Vance", "Wilber", "Pisani", "Johnson", "Siciliani", "Braun", "Archie", "Sayers", "Lorenz", "Gu", "Bowen", "Wilke", "Fernandez", "Razo", "Kim"];
}
