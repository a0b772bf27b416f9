using System.Text.Json.Nodes;
using AdminPortal.SyncRules;
using AdminPortal.SyncRules.Features;
using AdminPortal.SyncRules.SyncClients;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Security;

namespace AdminPortal.Web.Graph;

/// <summary>
/// directory/onPremisesSynchronization: the tenant's DirSync features and deletion guard, under Graph's names; under
/// /beta also the sync client's report (its version, machine, last export, intervals) and the interval an admin asks
/// of it — v1.0 answers only what v1.0 has.
/// </summary>
public static class OnPremisesSynchronizationEndpoints
{
    public static void MapOnPremisesSynchronization(this RouteGroupBuilder graph, bool beta)
    {
        var sync = graph.MapGroup("/directory/onPremisesSynchronization").WithTags("Graph: onPremisesSynchronization");
        sync.MapGet("", async (Guid tenantId, HttpRequest request, TenantService tenants, SyncClientService clients, CancellationToken ct) =>
            Results.Json(new JsonObject
            {
                ["@odata.context"] = $"{DirectoryObjectEndpoints.Base(request, tenantId)}/$metadata#directory/onPremisesSynchronization",
                ["value"] = new JsonArray(await ToJsonAsync(await tenants.GetAsync(tenantId, ct), beta ? clients : null, ct)),
            })).RequireAuthorization(Policies.Read);
        sync.MapGet("/{id:guid}", async (Guid tenantId, Guid id, TenantService tenants, SyncClientService clients, CancellationToken ct) =>
            Results.Json(await ToJsonAsync(await Get(tenants, tenantId, id, ct), beta ? clients : null, ct))).RequireAuthorization(Policies.Read);
        sync.MapPatch("/{id:guid}", async (Guid tenantId, Guid id, HttpRequest request, TenantService tenants, FeatureService features,
            SyncClientService clients, CancellationToken ct) =>
        {
            await Get(tenants, tenantId, id, ct);
            var settings = Parse(await GraphBody.ReadAsync(request, ct), beta);
            var actor = DirectoryObjectEndpoints.Actor(request);
            // Every part is checked before any applies (Parse checked the interval against the client's limits).
            await features.ApplySettingsAsync(tenantId, settings.Features, settings.Prevention, actor, ct);
            if (settings.RequestsInterval) await clients.RequestIntervalAsync(tenantId, settings.Interval, actor, ct);
            return Results.NoContent();
        }).TakesBody().RequireAuthorization(Policies.Administer);
    }

    private static async Task<Tenant> Get(TenantService tenants, Guid tenantId, Guid id, CancellationToken ct) =>
        id == tenantId ? await tenants.GetAsync(tenantId, ct) : throw new NotFoundException($"onPremisesSynchronization {id}");

    /// <summary>The tenant's settings; with <paramref name="clients"/> (beta) its sync client's report too.</summary>
    private static async Task<JsonObject> ToJsonAsync(Tenant t, SyncClientService? clients, CancellationToken ct)
    {
        var features = new JsonObject();
        foreach (var s in t.Features.States) features[s.Definition.GraphName] = s.Enabled;
        var configuration = new JsonObject
        {
            ["accidentalDeletionPrevention"] = new JsonObject
            {
                ["synchronizationPreventionType"] = Camel(t.DeletionPrevention.Type.ToString()),
                ["alertThreshold"] = t.DeletionPrevention.AlertThreshold,
            },
        };
        if (clients is not null) SyncClientJson.AddTo(configuration, await clients.GetAsync(t, ct));
        return new JsonObject
        {
            ["id"] = t.Id.ToString(),
            ["configuration"] = configuration,
            ["features"] = features,
        };
    }

    /// <summary>What a PATCH asks: features, the deletion guard, and (beta) the interval asked of the sync client.</summary>
    private sealed record RequestedSettings(Dictionary<DirSyncFeature, bool> Features, AccidentalDeletionPrevention? Prevention, bool RequestsInterval, TimeSpan? Interval);

    private static RequestedSettings Parse(JsonObject body, bool beta)
    {
        var changes = new Dictionary<DirSyncFeature, bool>();
        AccidentalDeletionPrevention? prevention = null;
        var (requestsInterval, interval) = (false, (TimeSpan?)null);
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
                        if (beta && part == "customerRequestedSynchronizationInterval")
                        {
                            (requestsInterval, interval) = (true, ParseInterval(content));
                            continue;
                        }
                        if (beta && SyncClientJson.ReportedFields.Contains(part))
                            throw GraphException.BadRequest($"configuration.{part} is reported by the sync client; it cannot be changed here.");
                        if (part != "accidentalDeletionPrevention" || content is not JsonObject adp)
                            throw GraphException.BadRequest($"configuration.{part} cannot be changed here; only accidentalDeletionPrevention{(beta ? " and customerRequestedSynchronizationInterval" : "")} can.");
                        prevention = ParsePrevention(adp);
                    }
                    break;
                default:
                    throw GraphException.BadRequest($"Property '{name}' does not exist on type 'microsoft.graph.onPremisesDirectorySynchronization' or is not an object as expected.");
            }
        }
        return new RequestedSettings(changes, prevention, requestsInterval, interval);
    }

    /// <summary>An ISO 8601 duration within the sync client's limits, or null (the client's own interval again).</summary>
    private static TimeSpan? ParseInterval(JsonNode? content)
    {
        const string field = "customerRequestedSynchronizationInterval";
        if (content is null) return null;
        var text = content is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw GraphException.BadRequest($"{field} must be an ISO 8601 duration such as PT1H, or null.");
        string? problem = null;
        var interval = SyncClientReportValidator.Duration(field, text, (_, message) => problem = message);
        problem ??= SyncClientStatus.RequestedIntervalProblem(interval);
        return problem is null ? interval : throw GraphException.BadRequest(problem);
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
