using AdminPortal.SyncRules.Sync;

namespace AdminPortal.ActiveDirectory;

/// <summary>What became of one entry: the object the sync client would export, or why it is left out.</summary>
public sealed record MappedEntry(DirectoryEntry Entry, IncomingObject? Object, string? SkippedBecause);

/// <summary>
/// An Active Directory entry mapped as Entra Connect's default rules map it — the one mapping of AdminPortal, for the
/// pre-flight of an export file and for the sync agent alike. Users (objectClass user, not computer), groups and
/// contacts; the source anchor is the base64 of the bytes of mS-DS-ConsistencyGuid where set, else of objectGUID (as
/// the directory stores them: the GUID's own byte order); displayName, else cn; the DN as
/// onPremisesDistinguishedName; a group is mail-enabled when it has mail or proxy addresses. Left out, each with its
/// reason: critical system objects, computers, replication-conflict objects and the system accounts IdFix leaves out.
/// </summary>
public static class EntryMapping
{
    // IdFix's well-known exclusions (docs/Errors supported by the IdFix tool.md, multi-tenant): a cn starting so.
    private static readonly string[] SystemNamePrefixes =
    [
        "Admini", "CAS_{", "DiscoverySearchMailbox", "FederatedEmail", "Guest", "HTTPConnector", "krbtgt", "iusr_", "iwam", "msol",
        "support_", "SystemMailbox", "WWIOadmini", "HealthMailbox", "Exchange Online-ApplicationAccount",
    ];

    // And the account names and aliases IdFix leaves out of users.
    private static readonly string[] SystemAccountPrefixes = ["CAS_", "SUPPORT_", "MSOL_"];
    private static readonly string[] SystemAliasPrefixes = ["CAS_", "SystemMailbox"];

    /// <summary>Every attribute the mapping, the skip rules and IdFix's checks read: what a reader of the directory asks for.</summary>
    public static readonly IReadOnlyList<string> AttributesRead =
    [
        "objectClass", "cn", "displayName", "givenName", "userPrincipalName", "mail", "mailNickname", "proxyAddresses", "sAMAccountName",
        "targetAddress", "objectGUID", "mS-DS-ConsistencyGuid", "isCriticalSystemObject",
    ];

    public static MappedEntry Map(DirectoryEntry entry)
    {
        var classes = Classes.Of(entry);
        if (SkipReason(entry, classes) is { } reason) return new(entry, null, reason);
        var type = classes.Type!;
        var anchor = AnchorOf(entry);
        if (anchor is null) return new(entry, null, "It has neither mS-DS-ConsistencyGuid nor objectGUID: there is no source anchor.");
        var proxies = entry.All("proxyAddresses");
        var mail = entry.First("mail");
        return new(entry, new IncomingObject
        {
            ObjectType = type,
            SourceAnchor = anchor,
            DisplayName = entry.First("displayName") ?? entry.First("cn") ?? FirstRdnValue(entry.Dn),
            UserPrincipalName = type == "user" ? entry.First("userPrincipalName") : null,
            MailNickname = entry.First("mailNickname"),
            Mail = mail,
            ProxyAddresses = proxies,
            OnPremisesDistinguishedName = entry.Dn,
            MailEnabled = type == "group" ? mail is not null || proxies.Count > 0 : null,
        }, null);
    }

    /// <summary>Why the entry is not synchronized at all, or null.</summary>
    public static string? SkipReason(DirectoryEntry entry) => SkipReason(entry, Classes.Of(entry));

    private static string? SkipReason(DirectoryEntry entry, Classes classes)
    {
        if (string.Equals(entry.First("isCriticalSystemObject"), "TRUE", StringComparison.OrdinalIgnoreCase))
            return "A critical system object (isCriticalSystemObject is TRUE).";
        var account = entry.First("sAMAccountName");
        if (classes.Computer || account?.EndsWith('$') == true) return "A computer account.";
        if (IsConflictObject(entry.Dn)) return "A replication conflict object (CNF: in its name).";
        if (classes.Type is not { } type) return $"Not a user, group or contact (objectClass {string.Join(", ", entry.All("objectClass").DefaultIfEmpty("none"))}).";
        var cn = entry.First("cn") ?? FirstRdnValue(entry.Dn);
        if (StartOf(cn, SystemNamePrefixes) is { } name) return $"A system account IdFix leaves out (cn starts with '{name}').";
        if (type == "user" && account is not null && StartOf(account, SystemAccountPrefixes) is { } prefix)
            return $"A system account IdFix leaves out (sAMAccountName starts with '{prefix}').";
        if (type == "user" && entry.First("mailNickname") is { } alias && StartOf(alias, SystemAliasPrefixes) is { } aliasPrefix)
            return $"A system mailbox IdFix leaves out (mailNickname starts with '{aliasPrefix}').";
        return null;
    }

    /// <summary>Which of the prefixes the value starts with, ignoring case, or null.</summary>
    private static string? StartOf(string value, string[] prefixes)
    {
        foreach (var prefix in prefixes)
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return prefix;
        return null;
    }

    /// <summary>A replication conflict object: "CNF:" in its RDN (AD writes "\0ACNF:" after the name), or under one.</summary>
    private static bool IsConflictObject(string dn) =>
        FirstRdn(dn).Contains("CNF:", StringComparison.OrdinalIgnoreCase)
        || (dn.Contains('\\') && dn.Contains("\\0ACNF:", StringComparison.OrdinalIgnoreCase));

    /// <summary>The object classes the mapping asks about, read once per entry (a file holds up to millions).</summary>
    private readonly record struct Classes(bool Computer, string? Type)
    {
        public static Classes Of(DirectoryEntry entry)
        {
            bool computer = false, user = false, group = false, contact = false;
            foreach (var value in entry.Values("objectClass"))
            {
                var name = value.Text;
                computer |= name.Equals("computer", StringComparison.OrdinalIgnoreCase);
                user |= name.Equals("user", StringComparison.OrdinalIgnoreCase);
                group |= name.Equals("group", StringComparison.OrdinalIgnoreCase);
                contact |= name.Equals("contact", StringComparison.OrdinalIgnoreCase);
            }
            // The sync API's object type; a computer is a user in AD's schema, and is not synced.
            return new(computer, computer ? null : user ? "user" : group ? "group" : contact ? "contact" : null);
        }
    }

    /// <summary>Entra Connect's sourceAnchor: mS-DS-ConsistencyGuid when set, else objectGUID, as base64 of the stored bytes.</summary>
    public static string? AnchorOf(DirectoryEntry entry) =>
        entry.Values(AnchorAttributeOf(entry)) is [{ IsEmpty: false } first, ..] ? Convert.ToBase64String(first.Bytes) : null;

    /// <summary>The attribute the source anchor comes from: mS-DS-ConsistencyGuid when the entry has a value there.</summary>
    public static string AnchorAttributeOf(DirectoryEntry entry) =>
        entry.Values("mS-DS-ConsistencyGuid") is [{ IsEmpty: false }, ..] ? "mS-DS-ConsistencyGuid" : "objectGUID";

    /// <summary>
    /// The entry's attribute a field of the sync API's object is mapped from ("proxyAddresses[2]" gives proxyAddresses
    /// and 2), so what the sync API would refuse is reported on what the admin can change in the directory.
    /// </summary>
    public static (string Attribute, int? Index) AttributeOf(string field, DirectoryEntry entry)
    {
        var bracket = field.IndexOf('[');
        var name = bracket < 0 ? field : field[..bracket];
        int? index = bracket >= 0 && int.TryParse(field.AsSpan(bracket + 1, field.Length - bracket - 2), out var i) ? i : null;
        return (name switch
        {
            "sourceAnchor" => AnchorAttributeOf(entry),
            "onPremisesDistinguishedName" => "distinguishedName",
            "objectType" => "objectClass",
            "displayName" when entry.First("displayName") is null => "cn",
            _ => name,
        }, index);
    }

    /// <summary>The first RDN of a DN ("CN=Joe\, Jr.,OU=…" gives "CN=Joe\, Jr."), escaped commas kept.</summary>
    private static ReadOnlySpan<char> FirstRdn(string dn)
    {
        for (var i = 0; i < dn.Length; i++)
        {
            if (dn[i] == '\\') { i++; continue; }
            if (dn[i] == ',') return dn.AsSpan(0, i);
        }
        return dn;
    }

    private static string FirstRdnValue(string dn)
    {
        var rdn = FirstRdn(dn);
        var equals = rdn.IndexOf('=');
        return (equals < 0 ? rdn : rdn[(equals + 1)..]).ToString();
    }
}
