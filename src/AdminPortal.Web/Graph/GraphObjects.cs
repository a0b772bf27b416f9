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
        "onPremisesLastSyncDateTime", "onPremisesDistinguishedName", "onPremisesProvisioningErrors",
    ];

    public static IReadOnlyList<string> Properties(ObjectType t) => t switch
    {
        ObjectType.User => [.. Common, "userPrincipalName", "onPremisesUserPrincipalName", "assignedLicenses"],
        ObjectType.Group => [.. Common, "mailEnabled", "securityEnabled"],
        _ => Common,
    };

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

    public static JsonObject ToJson(DirectoryObject o, HashSet<string>? select)
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
