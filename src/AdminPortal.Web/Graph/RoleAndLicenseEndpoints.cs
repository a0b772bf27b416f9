using AdminPortal.SyncRules.ReadModels;
using System.Text.Json.Nodes;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Graph;

/// <summary>users/{id}/assignLicense and roleManagement/directory/roleAssignments: what the UPN and admin-role rules read.</summary>
public static class RoleAndLicenseEndpoints
{
    public static void MapRolesAndLicenses(this RouteGroupBuilder graph)
    {
        graph.MapPost("/users/{id:guid}/assignLicense", async (Guid tenantId, Guid id, HttpRequest request, CloudDirectoryService cloud,
            IDirectoryQueries queries, CancellationToken ct) =>
        {
            await queries.GetAsync(tenantId, id, ObjectType.User, ct);
            var body = await GraphBody.ReadAsync(request, ct);
            foreach (var (name, _) in body)
                if (name is not ("addLicenses" or "removeLicenses"))
                    throw GraphException.BadRequest($"Property '{name}' does not exist on action 'assignLicense'.");
            var add = (body["addLicenses"] as JsonArray ?? throw GraphException.BadRequest("addLicenses is required (an array, possibly empty)."))
                .Select(l => SkuId(l is JsonObject o ? o["skuId"] : null, "addLicenses[].skuId")).ToList();
            var remove = (body["removeLicenses"] as JsonArray ?? throw GraphException.BadRequest("removeLicenses is required (an array, possibly empty)."))
                .Select(l => SkuId(l, "removeLicenses[]")).ToList();
            await cloud.AssignLicensesAsync(tenantId, id, add, remove, DirectoryObjectEndpoints.Actor(request), ct);
            return Results.Json(GraphObjects.ToJson(await queries.GetAsync(tenantId, id, ObjectType.User, ct), null));
        }).TakesBody().RequireAuthorization(Policies.Administer).WithTags("Graph: users");

        var roles = graph.MapGroup("/roleManagement/directory/roleAssignments").WithTags("Graph: roleAssignments");
        roles.MapGet("", async (Guid tenantId, HttpRequest request, IDirectoryQueries queries, CancellationToken ct) =>
            Results.Json(new JsonObject
            {
                ["value"] = new JsonArray((await queries.RoleAssignmentsAsync(tenantId, null, ct)).Select(r => (JsonNode)ToJson(r)).ToArray()),
            })).RequireAuthorization(Policies.Read);
        roles.MapPost("", async (Guid tenantId, HttpRequest request, CloudDirectoryService cloud, CancellationToken ct) =>
        {
            var body = await GraphBody.ReadAsync(request, ct);
            foreach (var (name, _) in body)
                if (name is not ("principalId" or "roleDefinitionId" or "directoryScopeId" or "@odata.type"))
                    throw GraphException.BadRequest($"Property '{name}' does not exist on type 'microsoft.graph.unifiedRoleAssignment'.");
            var principal = Guid.TryParse(GraphBody.String(body, "principalId", ObjectType.User), out var p) ? p
                : throw GraphException.BadRequest("principalId must be the id of a user.");
            var role = GraphBody.String(body, "roleDefinitionId", ObjectType.User);
            if (AttributeRules.RequiredTextProblem(role, AttributeRules.MaxRoleDefinitionIdLength, "roleDefinitionId") is { } problem)
                throw GraphException.BadRequest(problem);
            if (GraphBody.String(body, "directoryScopeId", ObjectType.User) is { } scope && scope != "/")
                throw GraphException.BadRequest("Only the directory scope '/' is supported.");
            var assignment = await cloud.AssignRoleAsync(tenantId, principal, role!, DirectoryObjectEndpoints.Actor(request), ct);
            return Results.Json(ToJson(assignment), statusCode: 201);
        }).TakesBody().RequireAuthorization(Policies.Administer);
        roles.MapDelete("/{id:guid}", async (Guid tenantId, Guid id, HttpRequest request, CloudDirectoryService cloud, IDirectoryQueries queries, CancellationToken ct) =>
        {
            var assignment = (await queries.RoleAssignmentsAsync(tenantId, null, ct)).FirstOrDefault(r => r.Id == id)
                             ?? throw new NotFoundException($"Role assignment {id}");
            await cloud.RemoveRoleAssignmentAsync(tenantId, assignment, DirectoryObjectEndpoints.Actor(request), ct);
            return Results.NoContent();
        }).RequireAuthorization(Policies.Administer);
    }

    private static Guid SkuId(JsonNode? node, string field) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var g) ? g
            : throw GraphException.BadRequest($"{field} must be a skuId (a GUID).");

    private static JsonObject ToJson(RoleAssignment r) => new()
    {
        ["id"] = r.Id.ToString(), ["principalId"] = r.PrincipalId.ToString(), ["roleDefinitionId"] = r.RoleDefinitionId,
        ["directoryScopeId"] = r.DirectoryScopeId,
    };
}
