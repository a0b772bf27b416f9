using System.Xml.Linq;
using AdminPortal.SyncRules.Sync;
using System.Text.Json.Nodes;
using AdminPortal.SyncRules.Directory;

namespace AdminPortal.Web.Graph;

/// <summary>Directory objects in Graph's shape and property names, with $select.</summary>
public static class GraphObjects
{
    public static readonly IReadOnlyDictionary<ObjectType, string> Segment = new Dictionary<ObjectType, string>
    {
        [ObjectType.User] = "users", [ObjectType.Group] = "groups", [ObjectType.Contact] = "contacts",
    };

    public static string GraphType(ObjectType t) => t switch
    {
        ObjectType.User => "microsoft.graph.user", ObjectType.Group => "microsoft.graph.group", _ => "microsoft.graph.orgContact",
    };

    private static readonly string[] Common =
    [
        "id", "displayName", "mail", "mailNickname", "proxyAddresses", "onPremisesImmutableId", "onPremisesSyncEnabled",
        "onPremisesLastSyncDateTime", "onPremisesDistinguishedName", "onPremisesProvisioningErrors", "serviceProvisioningErrors",
    ];

    /// <summary>Where the errors of serviceProvisioningErrors come from: this service's sync.</summary>
    public const string ServiceInstance = "AdminPortal/DirectorySync";

    public static IReadOnlyList<string> Properties(ObjectType t) => t switch
    {
        ObjectType.User => [.. Common, "userPrincipalName", "onPremisesUserPrincipalName", "assignedLicenses"],
        ObjectType.Group => [.. Common, "mailEnabled", "securityEnabled"],
        _ => Common,
    };

    /// <summary>
    /// The failure as Graph's serviceProvisioningXmlError carries it: an XML document of the error (its code, the
    /// property and value that caused it, the message), escaped by the XML writer.
    /// </summary>
    private static string ErrorDetail(SyncFailure e) => new XElement("ServiceProvisioningError",
        new XElement("ErrorCode", e.ErrorCode),
        e.PropertyCausingError is { } p ? new XElement("PropertyCausingError", p.ToString()) : null,
        e.Value is { } v ? new XElement("Value", v) : null,
        new XElement("Description", e.Message),
        new XElement("LastAttemptDateTime", e.LastAttemptDateTime.ToString("O")),
        new XElement("Attempts", e.Attempts)).ToString(SaveOptions.DisableFormatting);

    /// <summary>The $select list, checked against the type's properties (null: all of them).</summary>
    public static HashSet<string>? ParseSelect(string? select, ObjectType type)
    {
        if (string.IsNullOrWhiteSpace(select)) return null;
        var known = Properties(type);
        var chosen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw GraphException.BadRequest($"Could not find a property named '{name}' on type '{GraphType(type)}'.");
            chosen.Add(name);
        }
        chosen.Add("id");
        return chosen;
    }

    /// <param name="serviceErrors">The object's sync failures, resolved or not (none when null).</param>
    public static JsonObject ToJson(DirectoryObject o, HashSet<string>? select, IReadOnlyList<SyncFailure>? serviceErrors = null)
    {
        var all = new JsonObject
        {
            ["id"] = o.Id.ToString(),
            ["displayName"] = o.DisplayName,
            ["mail"] = o.Mail,
            ["mailNickname"] = o.MailNickname,
            ["proxyAddresses"] = new JsonArray(o.ProxyAddresses.Select(p => (JsonNode?)p.Value).ToArray()),
            ["onPremisesImmutableId"] = o.ImmutableId,
            ["onPremisesSyncEnabled"] = o.OnPremisesSyncEnabled,
            ["onPremisesLastSyncDateTime"] = o.LastSyncDateTime,
            ["onPremisesDistinguishedName"] = o.DistinguishedName,
            ["onPremisesProvisioningErrors"] = new JsonArray(o.Quarantine.Select(q => (JsonNode?)new JsonObject
            {
                ["category"] = q.Category, ["occurredDateTime"] = q.OccurredDateTime,
                ["propertyCausingError"] = q.Property.ToString(), ["value"] = q.Value,
            }).ToArray()),
            ["serviceProvisioningErrors"] = new JsonArray((serviceErrors ?? []).Select(e => (JsonNode?)new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.serviceProvisioningXmlError",
                ["createdDateTime"] = e.FirstFailedDateTime, ["isResolved"] = e.IsResolved, ["serviceInstance"] = ServiceInstance,
                ["errorDetail"] = ErrorDetail(e),
            }).ToArray()),
        };
        if (o.Type == ObjectType.User)
        {
            all["userPrincipalName"] = o.UserPrincipalName;
            all["onPremisesUserPrincipalName"] = o.OnPremisesUserPrincipalName;
            all["assignedLicenses"] = new JsonArray(o.AssignedLicenses.Select(l => (JsonNode?)new JsonObject
                { ["skuId"] = l.ToString(), ["disabledPlans"] = new JsonArray() }).ToArray());
        }
        if (o.Type == ObjectType.Group)
        {
            all["mailEnabled"] = o.MailEnabled;
            all["securityEnabled"] = !o.MailEnabled;
        }
        if (select is null) return all;
        var picked = new JsonObject();
        foreach (var (name, value) in all)
            if (select.Contains(name)) picked[name] = value?.DeepClone();
        return picked;
    }
}
