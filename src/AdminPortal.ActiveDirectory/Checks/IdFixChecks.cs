namespace AdminPortal.ActiveDirectory.Checks;

/// <summary>
/// IdFix's multi-tenant rule set (microsoft/idfix, MultiTenantRuleCollection) over the entries of one export, in file
/// order; duplicates are found across the whole file. Per attribute, IdFix's rules run in IdFix's order, each on the
/// value the rule before proposed, so the suggestion is the value IdFix would propose after all of them. One instance
/// per file: it remembers the values seen.
/// </summary>
public sealed class IdFixChecks
{
    private readonly DuplicateValues duplicates = new();

    /// <summary>The findings of one entry that the mapping keeps (an object of <paramref name="objectType"/>: user, group or contact).</summary>
    public List<Finding> Check(DirectoryEntry entry, string objectType)
    {
        var findings = new List<Finding>();
        Check(entry, objectType, findings);
        return findings;
    }

    /// <summary>
    /// The same, the findings added to <paramref name="findings"/> (a file's pass keeps one list, not one per entry); the
    /// entry's number among those checked, by which <see cref="Entry"/> names it again.
    /// </summary>
    public int Check(DirectoryEntry entry, string objectType, List<Finding> findings)
    {
        var number = duplicates.Enter(entry.Dn, entry.Line);
        var cn = entry.First("cn") ?? entry.Dn;

        var displayName = entry.First("displayName");
        if (string.IsNullOrEmpty(displayName)) Add(findings, entry, "displayName", displayName, new Failure(FindingError.Blank, cn), cn);
        else
        {
            var c = new Chain(displayName);
            c.Then(IdFixRules.Length(c.Value, 255));
            c.Then(IdFixRules.Blank(c.Value, cn));
            c.Report(findings, entry, "displayName");
        }

        if (entry.First("givenName") is { } givenName)
        {
            var c = new Chain(givenName);
            c.Then(IdFixRules.Length(c.Value, 63));
            c.Report(findings, entry, "givenName");
        }

        if (entry.First("mail") is { } mail)
        {
            var c = new Chain(mail);
            c.Then(IdFixRules.Length(c.Value, 256));
            c.Then(DuplicateOf(entry, number, "mail", c.Value, findings));
            c.Report(findings, entry, "mail");
        }

        if (entry.First("mailNickname") is { } alias)
        {
            var c = new Chain(alias);
            c.Then(IdFixRules.Length(c.Value, 64));
            c.Then(IdFixRules.Characters(c.Value, IdFixRules.LeadingPeriods(), cn));
            c.Then(DuplicateOf(entry, number, "mailNickname", c.Value, findings));
            c.Report(findings, entry, "mailNickname");
        }

        foreach (var value in entry.Values("proxyAddresses"))
        {
            var proxy = value.Text;
            var c = new Chain(proxy);
            c.Then(IdFixRules.Length(c.Value, 256));
            c.Then(IdFixRules.ColonInAddress(c.Value));
            c.Then(DuplicateOf(entry, number, "proxyAddresses", c.Value, findings));
            // The rules of its type, chosen by the value as the file has it.
            if (IdFixRules.IsSmtp(proxy))
            {
                c.Then(IdFixRules.Characters(c.Value, IdFixRules.SmtpProxyRefused(), cn));
                c.Then(IdFixRules.Rfc2822(c.Value));
            }
            else if (IdFixRules.X400().IsMatch(proxy) || IdFixRules.X500().IsMatch(proxy)) c.Then(IdFixRules.Characters(c.Value, IdFixRules.X400X500Refused(), cn));
            else c.Then(IdFixRules.Characters(c.Value, IdFixRules.ProxyRefused(), cn));
            c.Report(findings, entry, "proxyAddresses");
        }

        if (entry.First("sAMAccountName") is { } account)
        {
            // A user may have a sAMAccountName of up to 20 characters; sync works with a bad one while the UPN is good,
            // so IdFix looks for its duplicates only where there is no UPN.
            var c = new Chain(account);
            c.Then(IdFixRules.Length(c.Value, objectType == "user" ? 20 : 256));
            c.Then(IdFixRules.Characters(c.Value, IdFixRules.AccountNameRefused(), cn));
            if (entry.First("userPrincipalName") is null) c.Then(DuplicateOf(entry, number, "sAMAccountName", c.Value, findings));
            c.Report(findings, entry, "sAMAccountName");
        }

        if (entry.First("targetAddress") is { } target)
        {
            var smtp = IdFixRules.IsSmtp(target);
            var c = new Chain(target);
            c.Then(IdFixRules.Length(c.Value, 255));
            c.Then(IdFixRules.ColonInAddress(c.Value));
            c.Then(DuplicateOf(entry, number, "targetAddress", c.Value, findings));
            c.Then(IdFixRules.Characters(c.Value, smtp ? IdFixRules.SmtpTargetRefused() : IdFixRules.TargetRefused(), cn));
            if (smtp) c.Then(IdFixRules.Rfc2822(c.Value));
            c.Report(findings, entry, "targetAddress");
        }

        if (entry.First("userPrincipalName") is { } upn)
        {
            var c = new Chain(upn);
            c.Then(IdFixRules.Length(c.Value, 113));
            c.Then(IdFixRules.Characters(c.Value, IdFixRules.UpnRefused(), cn));
            c.Then(IdFixRules.Rfc2822(c.Value));
            c.Then(DuplicateOf(entry, number, "userPrincipalName", c.Value, findings));
            c.Report(findings, entry, "userPrincipalName");
        }
        return number;
    }

    /// <summary>A checked entry's DN and line by its number: the file's one record of where each entry is.</summary>
    public DuplicateValues.Holder Entry(int number) => duplicates[number];

    /// <summary>
    /// One value through its attribute's rules in order, each rule given the value the one before proposed (IdFix's
    /// chain); what failed is reported once all have run, with the last proposal as the suggestion.
    /// </summary>
    private struct Chain(string original)
    {
        private readonly string original = original;
        private List<Failure>? failures;

        public string Value { get; private set; } = original;

        public void Then(Failure? failure)
        {
            if (failure is not { } f) return;
            (failures ??= []).Add(f);
            Value = f.Proposed;
        }

        public readonly void Report(List<Finding> findings, DirectoryEntry entry, string attribute)
        {
            if (failures is null) return;
            foreach (var failure in failures) Add(findings, entry, attribute, original, failure, Value);
        }
    }

    private static void Add(List<Finding> findings, DirectoryEntry entry, string attribute, string? value, Failure failure, string proposed)
    {
        var suggestion = proposed == value ? null : proposed;
        foreach (var error in Classes)
            if (failure.Errors.HasFlag(error))
                findings.Add(new Finding(entry.Dn, entry.Line, attribute, value, error, suggestion, Explain(error, attribute, failure.Detail)));
    }

    private static readonly FindingError[] Classes = Enum.GetValues<FindingError>().Where(e => e != FindingError.None).ToArray();

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
