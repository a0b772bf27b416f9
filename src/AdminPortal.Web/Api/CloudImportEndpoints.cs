using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.Web.Hosting;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Api;

/// <summary>A page of a Microsoft Graph list response, as saved from GET /users, /groups, /contacts or roleManagement/directory/roleAssignments.</summary>
public sealed record GraphListPage(
    [property: JsonPropertyName("@odata.context")] string? Context,
    List<JsonObject?>? Value)
{
    // Whatever else a list page carries (@odata.nextLink, @odata.count, …) is not needed to load it.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Rest { get; init; }
}

public static class CloudImportEndpoints
{
    public static void MapCloudImportEndpoints(this IEndpointRouteBuilder app)
    {
        var limit = app.ServiceProvider.GetRequiredService<PortalSettings>().MaxPreflightFileBytes;
        app.MapPost("/api/tenants/{tenantId:guid}/cloud/import", ImportAsync).TakesBody().RequireAuthorization(Policies.Administer)
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(limit)).WithTags("Pre-flight");
    }

    /// <summary>Loads one saved Graph list page into the tenant, whole or not at all → <c>{ kind, imported, alreadyThere }</c>.</summary>
    private static async Task<IResult> ImportAsync(Guid tenantId, HttpContext context, CloudImportService import, CancellationToken ct)
    {
        var page = await ApiJson.ReadAsync<GraphListPage>(context.Request.Body, ct);
        var actor = context.User.Identity!.Name!;
        var (kind, outcome) = await LoadAsync(import, tenantId, page, actor, ct);
        return TypedResults.Ok(new { kind, outcome.Imported, outcome.AlreadyThere });
    }

    /// <summary>The page's kind, from its @odata.context or its items' @odata.type, loaded by the service.</summary>
    public static async Task<(string Kind, ImportOutcome Outcome)> LoadAsync(CloudImportService import, Guid tenantId, GraphListPage page, string actor, CancellationToken ct)
    {
        if (page.Value is null) throw NotAListPage("it has no \"value\" array");
        var kind = KindOf(page) ?? throw NotAListPage("neither its @odata.context nor its items' @odata.type say users, groups, contacts or roleAssignments");
        if (kind == "roleAssignments")
            return (kind, await import.ImportRoleAssignmentsAsync(tenantId, page.Value.Select(RoleAssignmentOf).ToList(), actor, ct));
        var type = kind switch { "users" => ObjectType.User, "groups" => ObjectType.Group, _ => ObjectType.Contact };
        return (kind, await import.ImportObjectsAsync(tenantId, page.Value.Select((item, i) => ObjectOf(item, i, type)).ToList(), actor, ct));
    }

    private static InputValidationException NotAListPage(string why) =>
        ApiJson.Invalid("$", $"The file is not a Microsoft Graph list page (GET /users, /groups, /contacts or roleManagement/directory/roleAssignments saved as JSON): {why}.");

    private static string? KindOf(GraphListPage page)
    {
        if (page.Context is { } context && context.IndexOf("$metadata#", StringComparison.Ordinal) is var at and >= 0)
        {
            var set = context[(at + "$metadata#".Length)..].Split('(', '/')[0];
            if (context.Contains("#roleManagement/directory/roleAssignments", StringComparison.Ordinal)) return "roleAssignments";
            if (set is "users" or "groups" or "contacts") return set;
        }
        return page.Value!.FirstOrDefault()?["@odata.type"]?.GetValue<string>() switch
        {
            "#microsoft.graph.user" => "users",
            "#microsoft.graph.group" => "groups",
            "#microsoft.graph.orgContact" => "contacts",
            "#microsoft.graph.unifiedRoleAssignment" => "roleAssignments",
            _ => null,
        };
    }

    private static ImportedObject ObjectOf(JsonObject? item, int i, ObjectType type)
    {
        if (item is null) throw ApiJson.Invalid($"value[{i}]", $"value[{i}] is null; each item is an object.");
        return new ImportedObject(
            Id: GuidOf(item, "id", i), Type: type, DisplayName: Text(item, "displayName", i), CreatedDateTime: DateOf(item, "createdDateTime", i),
            UserPrincipalName: Text(item, "userPrincipalName", i), Mail: Text(item, "mail", i), MailNickname: Text(item, "mailNickname", i),
            ProxyAddresses: item["proxyAddresses"] is JsonArray proxies ? proxies.Select((p, j) => p is null ? null : Text(p, $"value[{i}].proxyAddresses[{j}]")).ToList() : [],
            MailEnabled: Flag(item, "mailEnabled", i) ?? true, OnPremisesImmutableId: Text(item, "onPremisesImmutableId", i),
            OnPremisesSyncEnabled: Flag(item, "onPremisesSyncEnabled", i) ?? false, OnPremisesDistinguishedName: Text(item, "onPremisesDistinguishedName", i),
            OnPremisesUserPrincipalName: Text(item, "onPremisesUserPrincipalName", i));
    }

    private static RoleAssignment RoleAssignmentOf(JsonObject? item, int i)
    {
        if (item is null) throw ApiJson.Invalid($"value[{i}]", $"value[{i}] is null; each item is an object.");
        return new RoleAssignment(GuidOf(item, "id", i), GuidOf(item, "principalId", i),
            Text(item, "roleDefinitionId", i) ?? throw ApiJson.Invalid($"value[{i}].roleDefinitionId", "roleDefinitionId is required."),
            Text(item, "directoryScopeId", i) ?? "/");
    }

    private static string? Text(JsonObject item, string name, int i) => item[name] is { } node ? Text(node, $"value[{i}].{name}") : null;

    private static string Text(JsonNode node, string field) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw ApiJson.Invalid(field, $"{field} must be a string.");

    private static bool? Flag(JsonObject item, string name, int i) => item[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw ApiJson.Invalid($"value[{i}].{name}", $"value[{i}].{name} must be true, false or null."),
    };

    private static Guid GuidOf(JsonObject item, string name, int i) =>
        Guid.TryParse(Text(item, name, i), out var id) ? id : throw ApiJson.Invalid($"value[{i}].{name}", $"value[{i}].{name} must be a GUID, as Graph's ids are.");

    private static DateTimeOffset? DateOf(JsonObject item, string name, int i) => Text(item, name, i) is not { } text ? null
        : DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var d) ? d
        : throw ApiJson.Invalid($"value[{i}].{name}", $"value[{i}].{name} must be a date and time (ISO 8601).");
}
