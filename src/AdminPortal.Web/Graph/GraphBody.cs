using System.Text.Json;
using System.Text.Json.Nodes;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules;

namespace AdminPortal.Web.Graph;

/// <summary>
/// Reads Graph request bodies by hand, so every unknown property and wrong type is named in a Graph error instead of
/// being dropped or failing deep inside a serializer.
/// </summary>
public static class GraphBody
{
    // Graph properties scripts and SDKs send when creating objects that AdminPortal does not model; accepted, ignored.
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "@odata.type", "accountEnabled", "passwordProfile", "usageLocation", "givenName", "surname", "jobTitle", "department",
        "companyName", "officeLocation", "mobilePhone", "businessPhones", "preferredLanguage", "securityEnabled", "groupTypes", "description",
    };

    // The depth bounds a hostile nesting (repeated properties and text that is not text are refused by StrictJsonStream).
    private static readonly JsonDocumentOptions Shallow = new() { MaxDepth = 16 };

    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw GraphException.BadRequest($"The request body must be JSON (Content-Type application/json), not '{AttributeRules.Shorten(type)}'.");
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(new Api.StrictJsonStream(request.Body), documentOptions: Shallow, cancellationToken: ct) as JsonObject
                   ?? throw GraphException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 1 } path ? $" (at {path.TrimStart('$', '.')})" : "";
            throw GraphException.BadRequest($"The request body is not valid JSON{at}: {Api.ApiJson.WithoutPath(e.Message)}");
        }
        return body;
    }

    public static NewCloudObject ToNewObject(JsonObject body, ObjectType type)
    {
        Check(body, type, Writable(type));
        var displayName = String(body, "displayName", type) ?? throw GraphException.BadRequest("displayName is required.");
        var upn = String(body, "userPrincipalName", type);
        if (type == ObjectType.User && upn is null) throw GraphException.BadRequest("userPrincipalName is required for a user.");
        return new NewCloudObject(type, displayName, upn, String(body, "mail", type), Strings(body, "proxyAddresses", type),
            String(body, "mailNickname", type), Bool(body, "mailEnabled", type) ?? true, String(body, "onPremisesImmutableId", type));
    }

    public static CloudObjectPatch ToPatch(JsonObject body, ObjectType type)
    {
        Check(body, type, Writable(type));
        // An explicit null clears the immutable id (of a cloud-only or cloud-managed object); leaving it out leaves it.
        var clears = body.Any(p => p.Key.Equals("onPremisesImmutableId", StringComparison.OrdinalIgnoreCase) && p.Value is null);
        return new CloudObjectPatch(String(body, "displayName", type), String(body, "userPrincipalName", type), String(body, "mail", type),
            String(body, "mailNickname", type), Strings(body, "proxyAddresses", type), String(body, "onPremisesImmutableId", type), clears);
    }

    private static string[] Writable(ObjectType type) => type switch
    {
        ObjectType.User => ["displayName", "userPrincipalName", "mail", "mailNickname", "proxyAddresses", "onPremisesImmutableId"],
        ObjectType.Group => ["displayName", "mail", "mailNickname", "proxyAddresses", "mailEnabled"],
        _ => ["displayName", "mail", "mailNickname", "proxyAddresses"],
    };

    private static void Check(JsonObject body, ObjectType type, string[] writable)
    {
        foreach (var (name, _) in body)
            if (!writable.Contains(name, StringComparer.OrdinalIgnoreCase) && !Ignored.Contains(name))
                throw GraphException.BadRequest($"Property '{name}' does not exist on type '{GraphObjects.GraphType(type)}' or cannot be written here.");
    }

    public static string? String(JsonObject body, string name, ObjectType type) => Get(body, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw WrongType(name, "a string", type),
    };

    public static bool? Bool(JsonObject body, string name, ObjectType type) => Get(body, name) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw WrongType(name, "true or false", type),
    };

    private static string[]? Strings(JsonObject body, string name, ObjectType type) => Get(body, name) switch
    {
        null => null,
        JsonArray a when a.All(x => x is JsonValue v && v.TryGetValue<string>(out _)) => a.Select(x => x!.GetValue<string>()).ToArray(),
        _ => throw WrongType(name, "an array of strings", type),
    };

    private static JsonNode? Get(JsonObject body, string name) =>
        body.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static GraphException WrongType(string name, string expected, ObjectType type) =>
        GraphException.BadRequest($"Property '{name}' of type '{GraphObjects.GraphType(type)}' must be {expected}.");
}
