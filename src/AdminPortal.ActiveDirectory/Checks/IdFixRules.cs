using System.Text.RegularExpressions;

namespace AdminPortal.ActiveDirectory.Checks;

/// <summary>What one rule found wrong with a value: its classes, the value it proposes, and a detail for the message.</summary>
public readonly record struct Failure(FindingError Errors, string Proposed, string? Detail = null);

/// <summary>
/// IdFix's rules on one value (microsoft/idfix, src/IdFix/Rules/Shared and the multi-tenant rule set), each proposing
/// the value IdFix would: a value too long is cut; characters a cloud attribute may not hold are removed (the object's cn
/// if nothing remains); a blank is replaced by the cn; an address is checked as RFC 2822 wants it, its domain against the
/// internet's top-level domains. The character sets are IdFix's, attribute by attribute.
/// </summary>
public static partial class IdFixRules
{
    public static Failure? Length(string value, int max) =>
        value.Length > max ? new Failure(FindingError.Length, value[..max], max.ToString(System.Globalization.CultureInfo.InvariantCulture)) : null;

    public static Failure? Blank(string? value, string cn) => string.IsNullOrEmpty(value) ? new Failure(FindingError.Blank, cn) : null;

    /// <summary>Characters refused, removed from the proposal (the cn when nothing is left).</summary>
    public static Failure? Characters(string value, Regex refused, string cn)
    {
        if (!refused.IsMatch(value)) return null;
        var kept = refused.Replace(value, "");
        return new Failure(FindingError.Character, kept.Length == 0 ? cn : kept);
    }

    /// <summary>A proxy or target address has one colon, after its type: further colons are removed.</summary>
    public static Failure? ColonInAddress(string value)
    {
        var colon = value.IndexOf(':');
        if (colon <= 0 || value.IndexOf(':', colon + 1) < 0) return null;
        return new Failure(FindingError.Character, value[..(colon + 1)] + value[(colon + 1)..].Replace(":", "", StringComparison.Ordinal));
    }

    /// <summary>
    /// An address as RFC 2822 has it (an smtp: type prefix set aside): a known top-level domain, a valid domain part
    /// (its bad characters removed in the proposal), a valid local part (likewise; one @ only), and the whole form.
    /// </summary>
    public static Failure? Rfc2822(string value)
    {
        var smtp = IsSmtp(value);
        var errors = FindingError.None;
        // Most addresses are well formed: then the domain part, the local part and the single @ hold too (the whole
        // form is made of them), and only the top-level domain is left to report. Read in place: no copy of the address.
        var span = smtp ? value.AsSpan(value.IndexOf(':') + 1) : value;
        var dot = span.LastIndexOf('.');
        if (dot >= 0 && dot < span.Length - 1 && !TopLevelDomains.IsKnown(span[(dot + 1)..])) errors |= FindingError.TopLevelDomain;
        if (Address().IsMatch(span)) return errors == FindingError.None ? null : new Failure(errors, value);
        var address = span.ToString();
        var at = address.LastIndexOf('@');
        if (!DomainPart().IsMatch(address))
        {
            errors |= FindingError.DomainPart;
            if (at >= 0) address = address[..(at + 1)] + NotDomainCharacter().Replace(address[(at + 1)..], "");
        }
        at = address.LastIndexOf('@');
        if (!LocalPart().IsMatch(address) || address.AsSpan().Count('@') > 1)
        {
            errors |= FindingError.LocalPart;
            if (at >= 0) address = (NotLocalCharacter().Replace(address[..at], "") + address[at..]).Replace(".@", "@", StringComparison.Ordinal);
        }
        if (!Address().IsMatch(address)) errors |= FindingError.Format;
        if (errors == FindingError.None) return null;
        return new Failure(errors, smtp ? value[..(value.IndexOf(':') + 1)].Trim() + address : address);
    }

    /// <summary>IdFix treats a value as an SMTP address wherever "smtp:" appears in it, in any case.</summary>
    public static bool IsSmtp(string value) => value.Contains("smtp:", StringComparison.OrdinalIgnoreCase);

    private const string Atom = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private const string Domain = "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,17}";

    [GeneratedRegex("@" + Domain + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DomainPart();

    [GeneratedRegex("^" + Atom + "(?:\\." + Atom + ")*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LocalPart();

    [GeneratedRegex("^" + Atom + "(?:\\." + Atom + ")*@" + Domain + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    [GeneratedRegex("[^a-z0-9.-]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotDomainCharacter();

    [GeneratedRegex("[^a-z0-9.!#$%&'*+/=?^_`{|}~-]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotLocalCharacter();

    /// <summary>userPrincipalName: white space, \ % &amp; * + / = ? ' { } | &lt; &gt; ( ) ; : , [ ] " and the umlauted vowels.</summary>
    [GeneratedRegex("[\\s\\\\%&*+/=?'{}|<>();:,\\[\\]\"äëïöüÿÄËÏÖÜŸ]", RegexOptions.CultureInvariant)]
    public static partial Regex UpnRefused();

    /// <summary>An SMTP proxy address: white space, &lt; &gt; ( ) ; , [ ] ".</summary>
    [GeneratedRegex("[\\s<>();,\\[\\]\"]", RegexOptions.CultureInvariant)]
    public static partial Regex SmtpProxyRefused();

    /// <summary>Any other proxy address: white space, &lt; &gt; ( ) , [ ] " (a semicolon is allowed).</summary>
    [GeneratedRegex("[\\s<>(),\\[\\]\"]", RegexOptions.CultureInvariant)]
    public static partial Regex ProxyRefused();

    /// <summary>X.400 and X.500 addresses (DN-like, spaces allowed): control white space, [ ] " '.</summary>
    [GeneratedRegex("[\\f\\n\\r\\t\\v\\[\\]\"']", RegexOptions.CultureInvariant)]
    public static partial Regex X400X500Refused();

    /// <summary>An SMTP targetAddress: white space, \ &lt; &gt; ( ) ; , [ ] ".</summary>
    [GeneratedRegex("[\\s\\\\<>();,\\[\\]\"]", RegexOptions.CultureInvariant)]
    public static partial Regex SmtpTargetRefused();

    /// <summary>Any other targetAddress: white space, \ &lt; &gt; ( ) , [ ] ".</summary>
    [GeneratedRegex("[\\s\\\\<>(),\\[\\]\"]", RegexOptions.CultureInvariant)]
    public static partial Regex TargetRefused();

    /// <summary>sAMAccountName: \ " | , / [ ] : &lt; &gt; + = ; ? *.</summary>
    [GeneratedRegex("[\\\\\"|,/\\[\\]:<>+=;?*]", RegexOptions.CultureInvariant)]
    public static partial Regex AccountNameRefused();

    /// <summary>mailNickname may not start with a period.</summary>
    [GeneratedRegex("^[.]+", RegexOptions.CultureInvariant)]
    public static partial Regex LeadingPeriods();

    [GeneratedRegex("^x\\.?400", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex X400();

    [GeneratedRegex("^x\\.?500", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex X500();
}
