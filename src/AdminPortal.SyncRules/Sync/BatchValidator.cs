using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Tenants;

namespace AdminPortal.SyncRules.Sync;

/// <summary>Raised when a batch is malformed; <see cref="Errors"/> names each bad object by index and field.</summary>
public sealed class BatchValidationException(IReadOnlyDictionary<string, string[]> errors)
    : FieldErrorsException("InvalidBatch", "The batch is invalid; nothing was applied. " + string.Join(" ", errors.SelectMany(e => e.Value).Take(3)), errors);

/// <summary>Checks a whole batch before any rule runs, so a bad batch applies nothing.</summary>
public static class BatchValidator
{
    public static ValidatedBatch Validate(SyncBatchRequest? request)
    {
        var errors = new ErrorList();
        if (request is null) { errors.Add("$", "The request body is empty."); throw errors.ToException(); }
        var mode = ParseMode(request.Mode, errors);
        return new ValidatedBatch(mode, ValidateObjects(request.Objects, errors));
    }

    /// <summary>A run's mode as its client names it ("full" or "delta").</summary>
    public static SyncMode Mode(string? mode)
    {
        var errors = new ErrorList();
        var parsed = ParseMode(mode, errors);
        return errors.Any ? throw errors.ToException() : parsed;
    }

    /// <summary>The mode, or its problem added to <paramref name="errors"/> (then the mode returned means nothing).</summary>
    private static SyncMode ParseMode(string? mode, ErrorList errors)
    {
        if (mode is null) errors.Add("mode", "mode is required: \"delta\" or \"full\".");
        else if (EnumNames<SyncMode>.TryParse(mode, out var parsed)) return parsed;
        else errors.Add("mode", EnumNames<SyncMode>.Problem("mode", mode));
        return SyncMode.Delta;
    }

    /// <summary>A page of a run, by the rules of a batch's objects: the page is refused whole when one of them is bad.</summary>
    public static IReadOnlyList<ExportedObject> ValidatePage(IReadOnlyList<IncomingObject?>? objects) => ValidateObjects(objects, new ErrorList());

    private static List<ExportedObject> ValidateObjects(IReadOnlyList<IncomingObject?>? objects, ErrorList errors)
    {
        if (objects is null) { errors.Add("objects", "objects is required (an array, possibly empty)."); throw errors.ToException(); }

        var seenAnchors = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ExportedObject>(objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i];
            var at = "objects[" + i + "]";
            if (o is null) { errors.Add(at, $"{at} is null; each object must be a JSON object."); continue; }
            var exported = ValidateObject(o, i, at, errors);
            if (o.SourceAnchor is { } anchor && !string.IsNullOrEmpty(anchor))
            {
                if (seenAnchors.TryGetValue(anchor, out var first))
                    errors.Add($"{at}.sourceAnchor", $"sourceAnchor '{AttributeRules.Shorten(anchor)}' also appears at objects[{first}]; each object may appear once in a batch.");
                else seenAnchors[anchor] = i;
            }
            if (exported is not null) result.Add(exported);
        }
        if (errors.Any) throw errors.ToException();
        return result;
    }

    /// <summary>Objects refused by a rule outside the page (an anchor an earlier page sent), named as the page's objects[i].field.</summary>
    public static BatchValidationException Refuse(IEnumerable<(string Field, string Message)> problems)
    {
        var errors = new ErrorList();
        foreach (var (field, message) in problems) errors.Add(field, message);
        return errors.ToException();
    }

    private static ExportedObject? ValidateObject(IncomingObject o, int index, string at, ErrorList errors)
    {
        var before = errors.Count;
        ObjectType type = default;
        if (string.IsNullOrEmpty(o.ObjectType)) errors.Add($"{at}.objectType", "objectType is required: user, group or contact.");
        else if (!EnumNames<ObjectType>.TryParse(o.ObjectType, out type)) errors.Add($"{at}.objectType", EnumNames<ObjectType>.Problem("objectType", o.ObjectType));

        Check(AttributeRules.SourceAnchorProblem(o.SourceAnchor), at, "sourceAnchor", errors);

        var deleted = o.IsDeleted == true;
        if (deleted)
            return errors.Count > before ? null : new ExportedObject(index, type, o.SourceAnchor!, o.DisplayName ?? "", null, null, null, [], null, false, true);

        Check(AttributeRules.DisplayNameProblem(o.DisplayName), at, "displayName", errors);
        if (type == ObjectType.User)
        {
            if (string.IsNullOrWhiteSpace(o.UserPrincipalName)) errors.Add($"{at}.userPrincipalName", "userPrincipalName is required for a user.");
            else Check(AttributeRules.UpnProblem(o.UserPrincipalName), at, "userPrincipalName", errors);
        }
        else if (o.UserPrincipalName is not null && !string.IsNullOrEmpty(o.ObjectType))
            errors.Add($"{at}.userPrincipalName", $"Only users have a userPrincipalName; this object is a {AttributeRules.Shorten(o.ObjectType)}.");

        if (o.MailNickname is not null) Check(AttributeRules.MailNicknameProblem(o.MailNickname), at, "mailNickname", errors);
        if (o.Mail is not null) Check(AttributeRules.MailProblem(o.Mail), at, "mail", errors);
        if (o.OnPremisesDistinguishedName is not null)
            Check(AttributeRules.DistinguishedNameProblem(o.OnPremisesDistinguishedName), at, "onPremisesDistinguishedName", errors);

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

    /// <summary>
    /// One object as the batch's <paramref name="index"/>-th, by the rules of <see cref="Validate"/>: the object the
    /// engine takes, or null with the problems by field ("userPrincipalName", "proxyAddresses[1]"). Lets a caller that meets objects one at a time (the pre-flight)
    /// build a <see cref="ValidatedBatch"/> without validating each object twice; it keeps source anchors unique itself.
    /// </summary>
    public static ExportedObject? Check(IncomingObject o, int index, out IReadOnlyDictionary<string, string[]> problems)
    {
        var errors = new ErrorList();
        var exported = ValidateObject(o, index, "", errors);
        problems = errors.Any ? errors.ToException().Errors.ToDictionary(e => e.Key.TrimStart('.'), e => e.Value) : NoProblems;
        return errors.Any ? null : exported;
    }

    private static readonly IReadOnlyDictionary<string, string[]> NoProblems = new Dictionary<string, string[]>();

    /// <summary>The rules a batch applies to an object's proxy addresses, for cloud writes: errors keyed by field, or null.</summary>
    public static IReadOnlyDictionary<string, string[]>? ProxyAddressErrors(IReadOnlyList<string?> values, string field)
    {
        var errors = new ErrorList();
        ValidateProxies(values, field, errors, property: "");
        return errors.Any ? errors.ToException().Errors : null;
    }

    private static List<ProxyAddress> ValidateProxies(IReadOnlyList<string?>? values, string at, ErrorList errors, string property = ".proxyAddresses")
    {
        var list = new List<ProxyAddress>();
        if (values is null) return list;
        if (values.Count > AttributeRules.MaxProxyAddressesPerObject)
        {
            errors.Add(at + property, $"proxyAddresses has {values.Count} values; at most {AttributeRules.MaxProxyAddressesPerObject} are allowed on one object.");
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
            if (AttributeRules.TextProblem(v, AttributeRules.MaxProxyAddressLength, "The proxy address") is { } text) { errors.Add(field, text); continue; }
            if (!Syntax.IsProxyType(v.AsSpan(0, colon))) { errors.Add(field, $"'{AttributeRules.Shorten(v[..colon])}' is not a proxy address type (e.g. SMTP, smtp, X500, SIP)."); continue; }
            var proxy = new ProxyAddress(v);
            if (proxy.IsSmtp && AttributeRules.EmailProblem(proxy.Address, 320, "The SMTP address") is { } problem) { errors.Add(field, problem); continue; }
            if (proxy.IsSmtp && !proxy.IsPrimarySmtp && proxy.Type != "smtp") { errors.Add(field, "The SMTP prefix is either SMTP: (primary) or smtp: (secondary)."); continue; }
            if (proxy.IsPrimarySmtp && ++primaries > 1) { errors.Add(field, "Only one proxy address may be the primary (SMTP:)."); continue; }
            if (!seen.Add(proxy.Normalized)) { errors.Add(field, $"'{AttributeRules.Shorten(v)}' appears twice on this object."); continue; }
            list.Add(proxy);
        }
        return list;
    }

    private static void Check(string? problem, string at, string name, ErrorList errors)
    {
        if (problem is not null) errors.Add($"{at}.{name}", problem);
    }

    /// <summary>The name of a proxy address field, built only when there is an error to report.</summary>
    private readonly record struct FieldName(string At, int Index)
    {
        public override string ToString() => $"{At}[{Index}]";
        public static implicit operator string(FieldName f) => f.ToString();
    }

    private sealed class ErrorList
    {
        private const int MaxReported = 1000;
        private readonly Dictionary<string, List<string>> errors = [];
        /// <summary>Every error found, reported or not: callers compare it before and after a check to see whether it failed.</summary>
        public int Count { get; private set; }
        public bool Any => Count > 0;

        public void Add(string field, string message)
        {
            // A batch with a million bad objects would otherwise answer with a million messages; the count goes on.
            if (Count++ >= MaxReported) return;
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        public BatchValidationException ToException() =>
            new(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}
