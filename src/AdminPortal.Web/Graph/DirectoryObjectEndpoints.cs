using AdminPortal.SyncRules.ReadModels;
using System.Text.Json.Nodes;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Graph;

/// <summary>users, groups and contacts: list with $select/$top/$filter and paging, get, create, update, delete.</summary>
public static class DirectoryObjectEndpoints
{
    private const int DefaultTop = 100;
    private const int MaxTop = 999;

    public static void MapDirectoryObjects(this RouteGroupBuilder graph)
    {
        foreach (var (type, segment) in GraphObjects.Segment)
        {
            var group = graph.MapGroup("/" + segment).WithTags("Graph: " + segment);
            group.MapGet("", (Guid tenantId, HttpRequest request, IDirectoryQueries queries, TenantService tenants, CancellationToken ct) =>
                ListAsync(tenantId, type, request, queries, tenants, ct)).RequireAuthorization(Policies.Read);
            group.MapGet("/{id:guid}", async (Guid tenantId, Guid id, HttpRequest request, IDirectoryQueries queries, CancellationToken ct) =>
            {
                var select = GraphObjects.ParseSelect(request.Query["$select"], type);
                var o = await queries.GetAsync(tenantId, id, type, ct);
                var errors = await queries.ServiceProvisioningErrorsAsync(tenantId, [id], ct);
                return Results.Json(GraphObjects.ToJson(o, select, errors.GetValueOrDefault(id)));
            }).RequireAuthorization(Policies.Read);
            group.MapPost("", async (Guid tenantId, HttpRequest request, CloudDirectoryService cloud, CancellationToken ct) =>
            {
                var created = await cloud.CreateAsync(tenantId, GraphBody.ToNewObject(await GraphBody.ReadAsync(request, ct), type), Actor(request), ct);
                return Results.Json(GraphObjects.ToJson(created, null), statusCode: 201);
            }).TakesBody().RequireAuthorization(Policies.Administer);
            group.MapPatch("/{id:guid}", async (Guid tenantId, Guid id, HttpRequest request, CloudDirectoryService cloud, IDirectoryQueries queries, CancellationToken ct) =>
            {
                await queries.GetAsync(tenantId, id, type, ct);
                await cloud.UpdateAsync(tenantId, id, GraphBody.ToPatch(await GraphBody.ReadAsync(request, ct), type), Actor(request), ct);
                return Results.NoContent();
            }).TakesBody().RequireAuthorization(Policies.Administer);
            group.MapDelete("/{id:guid}", async (Guid tenantId, Guid id, HttpRequest request, CloudDirectoryService cloud, IDirectoryQueries queries, CancellationToken ct) =>
            {
                await queries.GetAsync(tenantId, id, type, ct);
                await cloud.DeleteAsync(tenantId, id, Actor(request), ct);
                return Results.NoContent();
            }).RequireAuthorization(Policies.Administer);
        }
    }

    private static async Task<IResult> ListAsync(Guid tenantId, ObjectType type, HttpRequest request, IDirectoryQueries queries,
        TenantService tenants, CancellationToken ct)
    {
        await tenants.GetAsync(tenantId, ct);
        var q = request.Query;
        var select = GraphObjects.ParseSelect(q["$select"], type);
        var filter = GraphFilter.Parse(q["$filter"], type == ObjectType.User);
        var top = DefaultTop;
        if (q["$top"].ToString() is { Length: > 0 } text && (!int.TryParse(text, out top) || top is < 1 or > MaxTop))
            throw GraphException.BadRequest($"Invalid $top '{text}': it must be a whole number from 1 to {MaxTop}.");
        Guid? after = null;
        if (q["$skiptoken"].ToString() is { Length: > 0 } token)
            after = Guid.TryParse(token, out var key) ? key : throw GraphException.BadRequest($"Invalid $skiptoken '{token}'.");

        var page = await queries.ListAsync(tenantId, type, filter, top, after, ct);
        var errors = await queries.ServiceProvisioningErrorsAsync(tenantId, page.Items.Select(o => o.Id).ToList(), ct);
        var body = new JsonObject
        {
            ["@odata.context"] = $"{Base(request, tenantId)}/$metadata#{GraphObjects.Segment[type]}",
            ["value"] = new JsonArray(page.Items.Select(o => (JsonNode)GraphObjects.ToJson(o, select, errors.GetValueOrDefault(o.Id))).ToArray()),
        };
        if (Api.NextLink.For(request, "$skiptoken", page.After?.ToString()) is { } next) body["@odata.nextLink"] = next;
        return Results.Json(body);
    }

    /// <summary>The Graph root the request came in under: /graph/{tenantId}/v1.0 or /graph/{tenantId}/beta.</summary>
    public static string Base(HttpRequest request, Guid tenantId) =>
        $"{request.Scheme}://{request.Host}/graph/{tenantId}/{(request.Path.StartsWithSegments($"/graph/{tenantId}/beta") ? "beta" : "v1.0")}";

    public static string Actor(HttpRequest request) => request.HttpContext.User.Identity!.Name!;
}
