using AdminPortal.SyncRules.ReadModels;
using AdminPortal.SyncRules.Directory;
using AdminPortal.SyncRules.History;
using AdminPortal.SyncRules.Sync;
using AdminPortal.SyncRules.Tenants;
using AdminPortal.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AdminPortal.Web.Api;

public sealed record ConflictListDto(IReadOnlyList<ConflictEntry> Value)
{
    [System.Text.Json.Serialization.JsonPropertyName("@odata.nextLink")]
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? NextLink { get; init; }
}

public sealed record MatchHistoryDto(Guid Id, Guid BatchId, DateTimeOffset OccurredDateTime, MatchOutcome Outcome, MatchRule? MatchedBy,
    string? ErrorCode, string Reason, IReadOnlyList<MatchStep> Steps, IReadOnlyList<string> FeaturesInForce)
{
    public static MatchHistoryDto From(MatchHistoryEntry e) => new(e.Record.Id, e.Record.BatchId, e.Record.OccurredDateTime, e.Record.Outcome,
        e.Record.MatchedBy, e.Record.ErrorCode, e.Record.Reason, e.Record.Steps, e.FeaturesInForce);
}

/// <summary>Beyond Graph, for scripts: the conflicts with the object holding each value, and an object's match history.</summary>
public static class ConflictEndpoints
{
    public static void MapConflictEndpoints(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/api/tenants/{tenantId:guid}").WithTags("Conflicts");
        tenant.MapGet("/conflicts", ListAsync).RequireAuthorization(Policies.Read);
        tenant.MapGet("/objects/{objectId:guid}/match-history", HistoryAsync).RequireAuthorization(Policies.Read);
    }

    private static async Task<Ok<ConflictListDto>> ListAsync(Guid tenantId, HttpRequest request, IConflictQueries conflicts, TenantService tenants,
        [AsParameters] Filters.ConflictQueryString query, int? top, string? cursor, CancellationToken ct)
    {
        await tenants.GetAsync(tenantId, ct);
        // The same reading of the filter as the portal page and its CSV export.
        var filter = query.ToFilter();
        if (top is < 1 or > 1000) throw ApiJson.Invalid("top", "top must be between 1 and 1000.");
        var page = await conflicts.ListAsync(tenantId, filter, top ?? 100, cursor, ct);
        return TypedResults.Ok(new ConflictListDto(page.Items) { NextLink = NextLink.For(request, "cursor", page.NextCursor) });
    }

    private static async Task<Ok<ListDto<MatchHistoryDto>>> HistoryAsync(Guid tenantId, Guid objectId, IConflictQueries conflicts, CancellationToken ct) =>
        TypedResults.Ok(new ListDto<MatchHistoryDto>((await conflicts.MatchHistoryAsync(tenantId, objectId, ct)).Select(MatchHistoryDto.From).ToList()));

}
