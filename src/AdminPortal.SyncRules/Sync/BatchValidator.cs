using System.Text.RegularExpressions;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Sync;

/// <summary>Raised when a batch is malformed; <see cref="Errors"/> names each bad object by index and field.</summary>
public sealed class BatchValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("InvalidBatch", "The batch is invalid; nothing was applied. " + string.Join(" ", errors.SelectMany(e => e.Value).Take(3)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Checks a whole batch before any rule runs, so a bad batch applies nothing.</summary>
public static partial class BatchValidator
{
    public const int MaxSourceAnchorLength = 256;
    public const int MaxDisplayNameLength = 256;
    public const int MaxMailNicknameLength = 64;
    public const int MaxUpnLength = 113;
    public const int MaxUpnPrefixLength = 64;
    public const int MaxMailLength = 256;
    public const int MaxProxyAddressLength = 1024;
    public const int MaxProxyAddressesPerObject = 1000;
    public const int MaxDistinguishedNameLength = 2048;

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$")]
    private static partial Regex Nickname();

    public static ValidatedBatch Validate(SyncBatchRequest? request)
    {
        var errors = new ErrorList();
        if (request is null) { errors.Add("$", "The request body is empty."); throw errors.ToException(); }
        SyncMode mode = SyncMode.Delta;
        if (request.Mode is null) errors.Add("mode", "mode is required: \"delta\" or \"full\".");
        else if (!Enum.TryParse(request.Mode, ignoreCase: true, out mode) || !Enum.IsDefined(mode))
            errors.Add("mode", $"mode '{Shorten(request.Mode)}' is not \"delta\" or \"full\".");
        if (request.Objects is null) { errors.Add("objects", "objects is required (an array, possibly empty)."); throw errors.ToException(); }

        var seenAnchors = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ExportedObject>(request.Objects.Count);
        for (var i = 0; i < request.Objects.Count; i++)
        {
            var o = request.Objects[i];
            var at = "objects[" + i + "]";
            if (o is null) { errors.Add(at, $"{at} is null; each object must be a JSON object."); continue; }
            var exported = ValidateObject(o, i, at, errors);
            if (o.SourceAnchor is { } anchor && !string.IsNullOrEmpty(anchor))
            {
                if (seenAnchors.TryGetValue(anchor, out var first))
                    errors.Add($"{at}.sourceAnchor", $"sourceAnchor '{Shorten(anchor)}' also appears at objects[{first}]; each object may appear once in a batch.");
                else seenAnchors[anchor] = i;
            }
            if (exported is not null) result.Add(exported);
        }
        if (errors.Any) throw errors.ToException();
        return new ValidatedBatch(mode, result);
    }

    private static ExportedObject? ValidateObject(IncomingObject o, int index, string at, ErrorList errors)
    {
        var before = errors.Count;
        ObjectType type = default;
        if (string.IsNullOrEmpty(o.ObjectType)) errors.Add($"{at}.objectType", "objectType is required: user, group or contact.");
        else if (!Enum.TryParse(o.ObjectType, true, out type) || !Enum.IsDefined(type) || o.ObjectType.AsSpan().IndexOfAnyInRange('0', '9') >= 0)
            errors.Add($"{at}.objectType", $"objectType '{Shorten(o.ObjectType)}' is not user, group or contact.");

        if (string.IsNullOrWhiteSpace(o.SourceAnchor)) errors.Add($"{at}.sourceAnchor", "sourceAnchor is required.");
        else CheckText(o.SourceAnchor, MaxSourceAnchorLength, at, "sourceAnchor", errors);

        var deleted = o.IsDeleted == true;
        if (deleted)
            return errors.Count > before ? null : new ExportedObject(index, type, o.SourceAnchor!, o.DisplayName ?? "", null, null, null, [], null, false, true);

        if (string.IsNullOrWhiteSpace(o.DisplayName)) errors.Add($"{at}.displayName", "displayName is required.");
        else CheckText(o.DisplayName, MaxDisplayNameLength, at, "displayName", errors);

        if (type == ObjectType.User)
        {
            if (string.IsNullOrWhiteSpace(o.UserPrincipalName)) errors.Add($"{at}.userPrincipalName", "userPrincipalName is required for a user.");
            else if (UpnProblem(o.UserPrincipalName) is { } problem) errors.Add($"{at}.userPrincipalName", problem);
        }
        else if (o.UserPrincipalName is not null && !string.IsNullOrEmpty(o.ObjectType))
            errors.Add($"{at}.userPrincipalName", $"Only users have a userPrincipalName; this object is a {o.ObjectType}.");

        if (o.MailNickname is not null)
        {
            if (o.MailNickname.Length > MaxMailNicknameLength) errors.Add($"{at}.mailNickname", $"mailNickname is {o.MailNickname.Length} characters long; at most {MaxMailNicknameLength} are allowed.");
            else if (!Nickname().IsMatch(o.MailNickname)) errors.Add($"{at}.mailNickname", "mailNickname may hold only letters, digits and the characters allowed before an @.");
        }
        if (o.Mail is not null && MailProblem(o.Mail) is { } mailProblem) errors.Add($"{at}.mail", mailProblem);
        if (o.OnPremisesDistinguishedName is not null)
            CheckText(o.OnPremisesDistinguishedName, MaxDistinguishedNameLength, at, "onPremisesDistinguishedName", errors);

        var proxies = ValidateProxies(o.ProxyAddresses, at, errors);
        if (errors.Count > before) return null;

        var mailEnabled = type switch
        {
            ObjectType.Group => o.MailEnabled ?? proxies.Count > 0,
            _ => o.Mail is not null || proxies.Count > 0,
        };
        return new ExportedObject(index, type, o.SourceAnchor!, o.DisplayName!.Trim(), o.UserPrincipalName?.Trim(),
            o.MailNickname, o.Mail, proxies, o.OnPremisesDistinguishedName, mailEnabled, false);
    }

    /// <summary>The rules a batch applies to an object's proxy addresses, for cloud writes: errors keyed by field, or null.</summary>
    public static IReadOnlyDictionary<string, string[]>? ProxyAddressErrors(IReadOnlyList<string?> values, string field)
    {
        var errors = new ErrorList();
        ValidateProxies(values, field, errors, property: "");
        return errors.Any ? errors.ToException().Errors : null;
    }

    /// <summary>Why a mail address is not valid, or null when it is.</summary>
    public static string? MailProblem(string mail) => EmailProblem(mail, MaxMailLength, "mail");

    private static List<ProxyAddress> ValidateProxies(IReadOnlyList<string?>? values, string at, ErrorList errors, string property = ".proxyAddresses")
    {
        var list = new List<ProxyAddress>();
        if (values is null) return list;
        if (values.Count > MaxProxyAddressesPerObject)
        {
            errors.Add(at + property, $"proxyAddresses has {values.Count} values; at most {MaxProxyAddressesPerObject} are allowed on one object.");
            return list;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var primaries = 0;
        for (var j = 0; j < values.Count; j++)
        {
            var v = values[j];
            var field = new FieldName(at + property, j);
            var colon = v?.IndexOf(':') ?? -1;
            if (v is null || colon <= 0 || colon == v.Length - 1)
            { errors.Add(field, "A proxy address must look like TYPE:address, e.g. SMTP:joe@contoso.com."); continue; }
            if (v.Length > MaxProxyAddressLength) { errors.Add(field, $"The proxy address is {v.Length} characters long; at most {MaxProxyAddressLength} are allowed."); continue; }
            if (!Syntax.IsProxyType(v.AsSpan(0, colon))) { errors.Add(field, $"'{Shorten(v[..colon])}' is not a proxy address type (e.g. SMTP, smtp, X500, SIP)."); continue; }
            var proxy = new ProxyAddress(v);
            if (proxy.IsSmtp && EmailProblem(proxy.Address, 320, "The SMTP address") is { } problem) { errors.Add(field, problem); continue; }
            if (proxy.IsSmtp && !proxy.IsPrimarySmtp && proxy.Type != "smtp") { errors.Add(field, "The SMTP prefix is either SMTP: (primary) or smtp: (secondary)."); continue; }
            if (proxy.IsPrimarySmtp && ++primaries > 1) { errors.Add(field, "Only one proxy address may be the primary (SMTP:)."); continue; }
            if (!seen.Add(proxy.Normalized)) { errors.Add(field, $"'{Shorten(v)}' appears twice on this object."); continue; }
            list.Add(proxy);
        }
        return list;
    }

    /// <summary>Why a UPN is not valid, or null when it is.</summary>
    public static string? UpnProblem(string upn)
    {
        if (upn.Length > MaxUpnLength) return $"userPrincipalName is {upn.Length} characters long; at most {MaxUpnLength} are allowed.";
        var at = upn.LastIndexOf('@');
        if (at <= 0 || at != upn.IndexOf('@')) return $"userPrincipalName '{Shorten(upn)}' must be of the form prefix@domain with exactly one @.";
        var prefix = upn[..at];
        if (prefix.Length > MaxUpnPrefixLength) return $"The userPrincipalName prefix is {prefix.Length} characters long; at most {MaxUpnPrefixLength} are allowed.";
        if (!Syntax.IsLocalPart(prefix)) return $"userPrincipalName '{Shorten(upn)}' has a prefix with characters that are not allowed, or a leading, trailing or doubled dot.";
        if (!Syntax.IsDomain(upn.AsSpan(at + 1))) return $"userPrincipalName '{Shorten(upn)}' does not end in a valid domain name.";
        return null;
    }

    private static string? EmailProblem(string value, int max, string what)
    {
        if (value.Length > max) return $"{what} is {value.Length} characters long; at most {max} are allowed.";
        var at = value.LastIndexOf('@');
        if (at <= 0 || !Syntax.IsLocalPart(value.AsSpan(0, at)) || !Syntax.IsDomain(value.AsSpan(at + 1)))
            return $"{what} '{Shorten(value)}' is not a valid e-mail address.";
        return null;
    }

    private static void CheckText(string value, int max, string at, string name, ErrorList errors)
    {
        if (value.Length > max) errors.Add($"{at}.{name}", $"{name} is {value.Length} characters long; at most {max} are allowed.");
        else if (value.AsSpan().IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f') >= 0)
            errors.Add($"{at}.{name}", $"{name} contains control characters.");
    }

    /// <summary>The name of a proxy address field, built only when there is an error to report.</summary>
    private readonly record struct FieldName(string At, int Index)
    {
        public override string ToString() => $"{At}[{Index}]";
        public static implicit operator string(FieldName f) => f.ToString();
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private sealed class ErrorList
    {
        private readonly Dictionary<string, List<string>> errors = [];
        public int Count { get; private set; }
        public bool Any => Count > 0;

        public void Add(string field, string message)
        {
            // A batch with a million bad objects would otherwise answer with a million messages.
            if (Count >= 1000) return;
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
            Count++;
        }

        public BatchValidationException ToException() =>
            new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
