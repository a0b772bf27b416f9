namespace AdminPortal.ActiveDirectory.Checks;

/// <summary>
/// IdFix's multi-tenant rule set (microsoft/idfix, MultiTenantRuleCollection) over the entries of one export, in file
/// order; duplicates are found across the whole file. Per attribute, IdFix's rules run in IdFix's order, each on the
/// value the rule before proposed, so the suggestion is the value IdFix would propose after all of them. One instance
/// per file: it remembers the values seen.
/// </summary>
public sealed class IdFixChecks
{
    private delegate Failure? Rule(string value);

    private readonly DuplicateValues duplicates = new();

    /// <summary>The findings of one entry that the mapping keeps (an object of <paramref name="objectType"/>: user, group or contact).</summary>
    public List<Finding> Check(DirectoryEntry entry, string objectType)
    {
        var findings = new List<Finding>();
        var number = duplicates.Enter(entry.Dn, entry.Line);
        var cn = entry.First("cn") ?? entry.Dn;
        Rule Duplicate(string attribute) => value => DuplicateOf(entry, number, attribute, value, findings);

        var displayName = entry.First("displayName");
        if (string.IsNullOrEmpty(displayName)) Add(findings, entry, "displayName", displayName, new Failure(FindingError.Blank, cn), cn);
        else Run(findings, entry, "displayName", displayName, v => IdFixRules.Length(v, 255), v => IdFixRules.Blank(v, cn));

        Run(findings, entry, "givenName", entry.First("givenName"), v => IdFixRules.Length(v, 63));
        Run(findings, entry, "mail", entry.First("mail"), v => IdFixRules.Length(v, 256), Duplicate("mail"));
        Run(findings, entry, "mailNickname", entry.First("mailNickname"),
            v => IdFixRules.Length(v, 64), v => IdFixRules.Characters(v, IdFixRules.LeadingPeriods(), cn), Duplicate("mailNickname"));

        foreach (var proxy in entry.All("proxyAddresses"))
        {
            Rule shape = IdFixRules.IsSmtp(proxy) ? v => IdFixRules.Characters(v, IdFixRules.SmtpProxyRefused(), cn)
                : IdFixRules.X400().IsMatch(proxy) || IdFixRules.X500().IsMatch(proxy) ? v => IdFixRules.Characters(v, IdFixRules.X400X500Refused(), cn)
                : v => IdFixRules.Characters(v, IdFixRules.ProxyRefused(), cn);
            Run(findings, entry, "proxyAddresses", proxy, v => IdFixRules.Length(v, 256), IdFixRules.ColonInAddress, Duplicate("proxyAddresses"),
                shape, v => IdFixRules.IsSmtp(proxy) ? IdFixRules.Rfc2822(v) : null);
        }

        // A user may have a sAMAccountName of up to 20 characters; sync works with a bad one while the UPN is good, so
        // IdFix looks for its duplicates only where there is no UPN.
        var hasUpn = entry.First("userPrincipalName") is not null;
        Run(findings, entry, "sAMAccountName", entry.First("sAMAccountName"),
            v => IdFixRules.Length(v, objectType == "user" ? 20 : 256), v => IdFixRules.Characters(v, IdFixRules.AccountNameRefused(), cn),
            v => hasUpn ? null : DuplicateOf(entry, number, "sAMAccountName", v, findings));

        if (entry.First("targetAddress") is { } target)
        {
            var smtp = IdFixRules.IsSmtp(target);
            Run(findings, entry, "targetAddress", target, v => IdFixRules.Length(v, 255), IdFixRules.ColonInAddress, Duplicate("targetAddress"),
                v => IdFixRules.Characters(v, smtp ? IdFixRules.SmtpTargetRefused() : IdFixRules.TargetRefused(), cn), v => smtp ? IdFixRules.Rfc2822(v) : null);
        }

        Run(findings, entry, "userPrincipalName", entry.First("userPrincipalName"),
            v => IdFixRules.Length(v, 113), v => IdFixRules.Characters(v, IdFixRules.UpnRefused(), cn), IdFixRules.Rfc2822, Duplicate("userPrincipalName"));
        return findings;
    }

    /// <summary>Runs the rules in order on a present value, each on the value the one before proposed.</summary>
    private static void Run(List<Finding> findings, DirectoryEntry entry, string attribute, string? value, params Rule[] rules)
    {
        if (value is null) return;
        var current = value;
        List<Failure>? failures = null;
        foreach (var rule in rules)
        {
            if (rule(current) is not { } failure) continue;
            (failures ??= []).Add(failure);
            current = failure.Proposed;
        }
        if (failures is null) return;
        foreach (var failure in failures) Add(findings, entry, attribute, value, failure, current);
    }

    private static void Add(List<Finding> findings, DirectoryEntry entry, string attribute, string? value, Failure failure, string proposed)
    {
        var suggestion = proposed == value ? null : proposed;
        foreach (var error in Enum.GetValues<FindingError>())
            if (error != FindingError.None && failure.Errors.HasFlag(error))
                findings.Add(new Finding(entry.Dn, entry.Line, attribute, value, error, suggestion, Explain(error, attribute, failure.Detail)));
    }

    private Failure? DuplicateOf(DirectoryEntry entry, int number, string attribute, string value, List<Finding> findings)
    {
        if (duplicates.Offer(attribute, value, number) is not var (first, firstReportedNow)) return null;
        // The entry that held it first is as much a part of the conflict: it is reported once, when the second appears.
        if (firstReportedNow)
            findings.Add(new Finding(first.DistinguishedName, first.Line, attribute, value, FindingError.Duplicate, null,
                Explain(FindingError.Duplicate, attribute, $"{entry.Dn} (line {entry.Line})")));
        return new Failure(FindingError.Duplicate, value, $"{first.DistinguishedName} (line {first.Line})");
    }

    /// <summary>What a class means for an attribute, in a sentence an admin can act on.</summary>
    public static string Explain(FindingError error, string attribute, string? detail) => error switch
    {
        FindingError.Character => $"{attribute} holds characters Entra ID does not accept in it.",
        FindingError.Format => $"{attribute} is not an address of the form name@domain (RFC 2822).",
        FindingError.TopLevelDomain => $"{attribute} ends in a suffix that is not an internet top-level domain (such as .local); only routable domains can be used in the cloud.",
        FindingError.DomainPart => $"The part of {attribute} after the @ is not a valid domain name.",
        FindingError.LocalPart => $"The part of {attribute} before the @ holds characters an address may not have, or there is more than one @.",
        FindingError.Length => $"{attribute} is longer than {detail} characters.",
        FindingError.Duplicate => $"{attribute} is also held by {detail}; it must be unique in the tenant.",
        FindingError.Blank => $"{attribute} is empty; it is required.",
        _ => detail ?? attribute,
    };
}
