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

    // A repeated property is refused rather than letting the last one win; the depth bounds a hostile nesting.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static async Task<JsonObject> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            throw GraphException.BadRequest($"The request body must be JSON (Content-Type application/json), not '{AttributeRules.Shorten(type)}'.");
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, documentOptions: Strict, cancellationToken: ct) as JsonObject
                   ?? throw GraphException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw GraphException.BadRequest($"The request body is not valid JSON: {Api.ApiJson.WithoutPath(e.Message)}");
        }
        RequireReadableStrings(body);
        return body;
    }

    /// <summary>
    /// Strings are decoded lazily; one holding invalid UTF-8 or a lone surrogate escape fails only when read. Read
    /// them all now, so such a body is refused here by name instead of failing deep inside a handler.
    /// </summary>
    private static void RequireReadableStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) RequireReadableStrings(value);
                break;
            case JsonArray a:
                foreach (var item in a) RequireReadableStrings(item);
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                try { v.GetValue<string>(); }
                catch (InvalidOperationException) { throw GraphException.BadRequest($"{v.GetPath().TrimStart('$', '.')} is not valid text: it holds invalid UTF-8 or an unpaired surrogate."); }
                break;
        }
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
        return new CloudObjectPatch(String(body, "displayName", type), String(body, "userPrincipalName", type), String(body, "mail", type),
            String(body, "mailNickname", type), Strings(body, "proxyAddresses", type), String(body, "onPremisesImmutableId", type));
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
