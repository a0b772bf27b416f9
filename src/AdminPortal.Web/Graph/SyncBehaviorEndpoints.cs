using System.Text.Json.Nodes;
using AdminPortal.SyncRules.Cloud;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.ReadModels;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Graph;

/// <summary>
/// {users|groups|contacts}/{id}/onPremisesSyncBehavior: who holds an object's source of authority. PATCH
/// <c>{ "isCloudManaged": true }</c> converts a synced object to cloud management; false gives it back to the sync client.
/// </summary>
public static class SyncBehaviorEndpoints
{
    public static void MapSyncBehavior(this RouteGroupBuilder graph)
    {
        foreach (var (type, segment) in GraphObjects.Segment)
        {
            var path = $"/{segment}/{{id:guid}}/onPremisesSyncBehavior";
            graph.MapGet(path, async (Guid tenantId, Guid id, HttpRequest request, IDirectoryQueries queries, CancellationToken ct) =>
            {
                var o = await queries.GetAsync(tenantId, id, type, ct);
                return Results.Json(new JsonObject
                {
                    ["@odata.context"] = $"{DirectoryObjectEndpoints.Base(request, tenantId)}/$metadata#{segment}('{id}')/onPremisesSyncBehavior/$entity",
                    ["id"] = id.ToString(),
                    ["isCloudManaged"] = o.IsCloudManaged,
                });
            }).WithTags("Graph: " + segment).RequireAuthorization(Policies.Read);
            graph.MapPatch(path, async (Guid tenantId, Guid id, HttpRequest request, IDirectoryQueries queries, CloudDirectoryService cloud, CancellationToken ct) =>
            {
                await queries.GetAsync(tenantId, id, type, ct);
                var cloudManaged = Parse(await GraphBody.ReadAsync(request, ct));
                await cloud.SetSourceOfAuthorityAsync(tenantId, id, cloudManaged, DirectoryObjectEndpoints.Actor(request), ct);
                return Results.NoContent();
            }).WithTags("Graph: " + segment).TakesBody().RequireAuthorization(Policies.Administer);
        }
    }

    private static bool Parse(JsonObject body)
    {
        bool? cloudManaged = null;
        foreach (var (name, value) in body)
        {
            switch (name)
            {
                case "@odata.type" or "id":
                    break;
                case "isCloudManaged":
                    cloudManaged = value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : throw GraphException.BadRequest("isCloudManaged must be true or false.");
                    break;
                default:
                    throw GraphException.BadRequest($"Property '{AttributeRules.Shorten(name)}' does not exist on type 'microsoft.graph.onPremisesSyncBehavior'.");
            }
        }
        return cloudManaged ?? throw GraphException.BadRequest("isCloudManaged is required: true moves the source of authority to the cloud, false gives it back.");
    }
}
