using AdminPortal.SyncRules.ReadModels;
using System.Text.RegularExpressions;

namespace AdminPortal.Web.Graph;

/// <summary>
/// The $filter subset AdminPortal answers: the provisioning-error any(), onPremisesSyncEnabled eq, userPrincipalName eq,
/// startswith(displayName, ...), joined with "and". Anything else is refused by name rather than ignored.
/// </summary>
public static partial class GraphFilter
{
    private const string Supported =
        "Supported: onPremisesProvisioningErrors/any(o:o/category eq 'PropertyConflict'), serviceProvisioningErrors/any(e:e/isResolved eq false|true), " +
        "onPremisesSyncEnabled eq true|false, " +
        "userPrincipalName eq '...', startswith(displayName,'...'), joined with 'and'.";

    [GeneratedRegex(@"^onPremisesProvisioningErrors/any\((\w+):\1/category eq 'PropertyConflict'\)$", RegexOptions.IgnoreCase)]
    private static partial Regex AnyConflict();

    [GeneratedRegex(@"^serviceProvisioningErrors/any\((\w+):\1/isResolved eq (true|false)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex AnyServiceError();

    [GeneratedRegex(@"^onPremisesSyncEnabled eq (true|false)$", RegexOptions.IgnoreCase)]
    private static partial Regex SyncEnabled();

    [GeneratedRegex(@"^userPrincipalName eq '((?:[^']|'')*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex UpnEquals();

    [GeneratedRegex(@"^startswith\(\s*displayName\s*,\s*'((?:[^']|'')*)'\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex DisplayNameStartsWith();

    public static DirectoryFilter Parse(string? filter, bool usersOnly)
    {
        var result = new DirectoryFilter();
        if (string.IsNullOrWhiteSpace(filter)) return result;
        foreach (var raw in SplitOnAnd(filter))
        {
            var clause = raw.Trim();
            Match m;
            if (AnyConflict().IsMatch(clause)) result = result with { HasPropertyConflict = true };
            else if ((m = AnyServiceError().Match(clause)).Success) result = result with { HasServiceProvisioningErrorResolved = bool.Parse(m.Groups[2].Value) };
            else if ((m = SyncEnabled().Match(clause)).Success) result = result with { OnPremisesSyncEnabled = bool.Parse(m.Groups[1].Value) };
            else if ((m = UpnEquals().Match(clause)).Success)
            {
                if (!usersOnly) throw GraphException.BadRequest("userPrincipalName is a property of users only.");
                result = result with { UserPrincipalName = m.Groups[1].Value.Replace("''", "'") };
            }
            else if ((m = DisplayNameStartsWith().Match(clause)).Success) result = result with { DisplayNameStartsWith = m.Groups[1].Value.Replace("''", "'") };
            else throw GraphException.UnsupportedQuery($"Unsupported or malformed $filter clause: '{clause}'. {Supported}");
        }
        return result;
    }

    /// <summary>Splits on " and " outside quoted strings.</summary>
    private static IEnumerable<string> SplitOnAnd(string filter)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i < filter.Length; i++)
        {
            if (filter[i] == '\'') quoted = !quoted;
            else if (!quoted && string.Compare(filter, i, " and ", 0, 5, StringComparison.OrdinalIgnoreCase) == 0)
            {
                yield return filter[start..i];
                start = i + 5;
                i += 4;
            }
        }
        if (quoted) throw GraphException.UnsupportedQuery($"The $filter has an unterminated string: '{filter}'.");
        yield return filter[start..];
    }
}
