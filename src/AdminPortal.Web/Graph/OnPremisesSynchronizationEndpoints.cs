using System.Text.Json.Nodes;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Graph;

/// <summary>directory/onPremisesSynchronization: the tenant's DirSync features and deletion guard, under Graph's names.</summary>
public static class OnPremisesSynchronizationEndpoints
{
    public static void MapOnPremisesSynchronization(this RouteGroupBuilder graph)
    {
        var sync = graph.MapGroup("/directory/onPremisesSynchronization").WithTags("Graph: onPremisesSynchronization");
        sync.MapGet("", async (Guid tenantId, HttpRequest request, TenantService tenants, CancellationToken ct) =>
            Results.Json(new JsonObject
            {
                ["@odata.context"] = $"{DirectoryObjectEndpoints.Base(request, tenantId)}/$metadata#directory/onPremisesSynchronization",
                ["value"] = new JsonArray(ToJson(await tenants.GetAsync(tenantId, ct))),
            })).RequireAuthorization(Policies.Read);
        sync.MapGet("/{id:guid}", async (Guid tenantId, Guid id, TenantService tenants, CancellationToken ct) =>
            Results.Json(ToJson(await Get(tenants, tenantId, id, ct)))).RequireAuthorization(Policies.Read);
        sync.MapPatch("/{id:guid}", async (Guid tenantId, Guid id, HttpRequest request, TenantService tenants, FeatureService features, CancellationToken ct) =>
        {
            await Get(tenants, tenantId, id, ct);
            var (changes, prevention) = Parse(await GraphBody.ReadAsync(request, ct));
            await features.ApplySettingsAsync(tenantId, changes, prevention, DirectoryObjectEndpoints.Actor(request), ct);
            return Results.NoContent();
        }).TakesBody().RequireAuthorization(Policies.Administer);
    }

    private static async Task<Tenant> Get(TenantService tenants, Guid tenantId, Guid id, CancellationToken ct) =>
        id == tenantId ? await tenants.GetAsync(tenantId, ct) : throw new NotFoundException($"onPremisesSynchronization {id}");

    private static JsonObject ToJson(Tenant t)
    {
        var features = new JsonObject();
        foreach (var s in t.Features.States) features[s.Definition.GraphName] = s.Enabled;
        return new JsonObject
        {
            ["id"] = t.Id.ToString(),
            ["configuration"] = new JsonObject
            {
                ["accidentalDeletionPrevention"] = new JsonObject
                {
                    ["synchronizationPreventionType"] = Camel(t.DeletionPrevention.Type.ToString()),
                    ["alertThreshold"] = t.DeletionPrevention.AlertThreshold,
                },
            },
            ["features"] = features,
        };
    }

    private static (Dictionary<DirSyncFeature, bool>, AccidentalDeletionPrevention?) Parse(JsonObject body)
    {
        var changes = new Dictionary<DirSyncFeature, bool>();
        AccidentalDeletionPrevention? prevention = null;
        foreach (var (name, value) in body)
        {
            switch (name)
            {
                case "@odata.type" or "id":
                    break;
                case "features" when value is JsonObject f:
                    foreach (var (feature, state) in f)
                    {
                        if (feature == "@odata.type") continue;
                        var definition = FeatureCatalog.Find(feature) is { } d && d.GraphName == feature ? d
                            : throw GraphException.BadRequest($"Property '{feature}' does not exist on type 'microsoft.graph.onPremisesDirectorySynchronizationFeature'.");
                        changes[definition.Feature] = state is JsonValue v && v.TryGetValue<bool>(out var b) ? b
                            : throw GraphException.BadRequest($"features.{feature} must be true or false.");
                    }
                    break;
                case "configuration" when value is JsonObject c:
                    foreach (var (part, content) in c)
                    {
                        if (part == "@odata.type") continue;
                        if (part != "accidentalDeletionPrevention" || content is not JsonObject adp)
                            throw GraphException.BadRequest($"configuration.{part} cannot be changed here; only accidentalDeletionPrevention can.");
                        prevention = ParsePrevention(adp);
                    }
                    break;
                default:
                    throw GraphException.BadRequest($"Property '{name}' does not exist on type 'microsoft.graph.onPremisesDirectorySynchronization' or is not an object as expected.");
            }
        }
        return (changes, prevention);
    }

    private static AccidentalDeletionPrevention ParsePrevention(JsonObject adp)
    {
        const string field = "accidentalDeletionPrevention.synchronizationPreventionType";
        var type = adp["synchronizationPreventionType"] is JsonValue t && t.TryGetValue<string>(out var s)
            ? EnumNames<DeletionPreventionType>.ParseOrNull(s) ?? throw GraphException.BadRequest(EnumNames<DeletionPreventionType>.Problem(field, s))
            : throw GraphException.BadRequest($"{field} must be a string, one of: {string.Join(", ", EnumNames<DeletionPreventionType>.Names)}.");
        var threshold = adp["alertThreshold"] is JsonValue a && a.TryGetValue<int>(out var n) ? n
            : throw GraphException.BadRequest("accidentalDeletionPrevention.alertThreshold must be a whole number.");
        foreach (var (name, _) in adp)
            if (name is not ("synchronizationPreventionType" or "alertThreshold" or "@odata.type"))
                throw GraphException.BadRequest($"Property '{name}' does not exist on type 'microsoft.graph.onPremisesAccidentalDeletionPrevention'.");
        return AccidentalDeletionPrevention.Create(type, threshold);
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}
